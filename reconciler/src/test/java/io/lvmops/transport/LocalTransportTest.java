package io.lvmops.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTransportTest {
    private final LocalTransport local = new LocalTransport("here", false);

    @TempDir
    Path temp;

    @Test
    void returnsExitCodeStdoutStderrAndDuration() throws Exception {
        CommandResult result = local.run(Command.of("sh", "-c", "echo out; echo err >&2; exit 3"));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
        assertThat(result.duration()).isPositive();
    }

    @Test
    void stdinRoundTripsAsUtf8() throws Exception {
        String text = "ünïcødé 中 😀\n".repeat(10_000);

        CommandResult result = local.run(Command.of("cat").withStdin(text.getBytes(StandardCharsets.UTF_8)));

        assertThat(result.stdout()).isEqualTo(text);
    }

    @Test
    void runsUnderTheCLocaleAndThroughSudoWhenAsked() throws Exception {
        Command probe = Command.of("sh", "-c", "printf '%s|%s' \"$LC_ALL\" \"$SUDO_USER\"");

        assertThat(local.run(probe).stdout()).isEqualTo("C|");
        assertThat(new LocalTransport("here", true).run(probe).stdout()).isEqualTo("C|root");
    }

    @Test
    void aMissingProgramIsAnExitStatusNotATransportFailure() throws Exception {
        CommandResult result = local.run(Command.of("no-such-program-lvmops"));

        assertThat(result.exitCode()).isEqualTo(127);
        assertThat(result.stderr()).contains("no-such-program-lvmops");
    }

    @Test
    void onTimeoutTheWholeProcessTreeIsKilled() throws Exception {
        Path pidFile = temp.resolve("child.pid");
        Command slow = Command.of("sh", "-c", "sleep 30 & echo $! > " + pidFile + "; wait")
                .withTimeout(Duration.ofMillis(500));

        assertThatThrownBy(() -> local.run(slow))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("did not finish within PT0.5S");

        long grandchild = Long.parseLong(Files.readString(pidFile).trim());
        // Not our child, so no waitFor(): watch it until it is gone (destroyForcibly is asynchronous).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (running(grandchild)) {
            assertThat(System.nanoTime()).as("the background sleep %d survived the timeout", grandchild)
                    .isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** Whether the process still runs; a zombie (killed, not yet reaped by init) does not. */
    private static boolean running(long pid) throws java.io.IOException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        String text;
        try {
            text = Files.readString(stat);
        } catch (java.nio.file.NoSuchFileException gone) {
            return false;
        }
        char state = text.charAt(text.lastIndexOf(')') + 2);
        return state != 'Z' && state != 'X';
    }
}
