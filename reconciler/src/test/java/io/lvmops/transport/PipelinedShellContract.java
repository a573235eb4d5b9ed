package io.lvmops.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a {@link PipelinedShell} guarantees, whatever runs the shell: a local {@code sh} child process
 * ({@link PipelinedShellLocalTest}) or a real sshd ({@link PipelinedShellSshTest}).
 */
abstract class PipelinedShellContract {
    private final List<AutoCloseable> opened = new ArrayList<>();

    /** A fresh pipelined shell; {@link #track} what must be closed after the test. */
    abstract PipelinedShell open() throws Exception;

    /** A directory the commands of the shell can see, as a path on this machine and on the node. */
    abstract java.nio.file.Path sharedDir();

    <T extends AutoCloseable> T track(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    PipelinedShell shell() throws Exception {
        return track(open());
    }

    @Test
    void exitCodeStdoutAndStderrOfEachCommandStaySeparate() throws Exception {
        PipelinedShell shell = shell();

        CommandResult seven = shell.run(Command.of("sh", "-c", "echo out; echo err >&2; exit 7"));
        CommandResult bare = shell.run(Command.of("printf", "no newline"));
        CommandResult quiet = shell.run(Command.of("true"));
        CommandResult missing = shell.run(Command.of("no-such-program-lvmops"));

        assertThat(seven.exitCode()).isEqualTo(7);
        assertThat(seven.stdout()).isEqualTo("out\n");
        assertThat(seven.stderr()).isEqualTo("err\n");
        assertThat(seven.duration()).isPositive();
        assertThat(bare.stdout()).isEqualTo("no newline");
        assertThat(bare.stderr()).isEmpty();
        assertThat(quiet.exitCode()).isZero();
        assertThat(quiet.stdout()).isEmpty();
        // coreutils' timeout says so, as it does over a plain channel
        assertThat(missing.exitCode()).isEqualTo(127);
        assertThat(missing.stderr()).contains("no-such-program-lvmops");
        assertThat(shell.shellsStarted()).isEqualTo(1);
    }

    @Test
    void everyCommandRunsUnderCLocale() throws Exception {
        assertThat(shell().run(Command.of("sh", "-c", "printf %s \"$LC_ALL\"")).stdout()).isEqualTo("C");
    }

    @Test
    void stdinArrivesByteForByte() throws Exception {
        byte[] input = new byte[1 << 20];
        new Random(42).nextBytes(input);
        PipelinedShell shell = shell();

        CommandResult sum = shell.run(Command.of("sha256sum").withStdin(input));
        CommandResult count = shell.run(Command.of("wc", "-c").withStdin(input));
        CommandResult text = shell.run(Command.of("cat").withStdin("_lvmops_stdin_\nEOF\n'$(x)'\n\0end"
                .getBytes(StandardCharsets.UTF_8)));

        assertThat(sum.stdout()).startsWith(sha256Hex(input) + " ");
        assertThat(count.stdout().trim()).isEqualTo(Integer.toString(input.length));
        assertThat(text.stdout()).isEqualTo("_lvmops_stdin_\nEOF\n'$(x)'\n\0end");
    }

    @Test
    void aCommandReadingStdinWithoutAnySeesEofAndNotTheNextCommand() throws Exception {
        PipelinedShell shell = shell();

        // short timeouts: a command reading the shell's own input would wait for more forever
        CommandResult cat = shell.run(Command.of("cat").withTimeout(Duration.ofSeconds(10)));
        CommandResult read = shell.run(Command.of("sh", "-c", "read line; echo \"rc=$? line=$line\"")
                .withTimeout(Duration.ofSeconds(10)));
        CommandResult next = shell.run(Command.of("echo", "next").withTimeout(Duration.ofSeconds(10)));

        assertThat(cat.exitCode()).isZero();
        assertThat(cat.stdout()).isEmpty();
        assertThat(read.stdout()).isEqualTo("rc=1 line=\n");
        assertThat(next.stdout()).isEqualTo("next\n");
        assertThat(shell.shellsStarted()).isEqualTo(1);
    }

    @Test
    void argumentsArriveIntactAndAreNeverRunByTheShell() throws Exception {
        java.nio.file.Path pwned = sharedDir().resolve("lvmops-pwned-" + UUID.randomUUID());
        List<String> nasty = List.of("$(touch " + pwned + ")", "`touch " + pwned + "`", "; touch " + pwned,
                "a'b\"c", "it's", "\\", "two words", "line1\nline2", "*", "~", "$HOME", "", "-n", "ünïcødé 中 😀",
                "&& touch " + pwned + " ||", "|", ">" + pwned, "_lvmops_stdin_", "\n_lvmops_stdin_\n",
                "</dev/null", "r=$?", "'\n");
        List<String> argv = new ArrayList<>(List.of("printf", "%s\\0"));
        argv.addAll(nasty);
        PipelinedShell shell = shell();

        CommandResult plain = shell.run(Command.of(argv));
        // with stdin the argv shares its line with the here-document's start
        List<String> withCat = new ArrayList<>(List.of("sh", "-c", "printf '%s\\0' \"$@\"; cat", "sh"));
        withCat.addAll(nasty);
        CommandResult piped = shell.run(Command.of(withCat).withStdin("stdin\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(plain.exitCode()).isZero();
        assertThat(SshTransportTest.splitNul(plain.stdout())).containsExactlyElementsOf(nasty);
        assertThat(piped.exitCode()).isZero();
        assertThat(piped.stdout()).endsWith("\0stdin\n");
        String args = piped.stdout().substring(0, piped.stdout().length() - "stdin\n".length());
        assertThat(SshTransportTest.splitNul(args)).containsExactlyElementsOf(nasty);
        assertThat(pwned).doesNotExist();
    }

    @Test
    void outputThatLooksLikeMarkersIsOnlyOutput() throws Exception {
        PipelinedShell shell = shell();
        StringBuilder forged = new StringBuilder();
        for (int sequence = 0; sequence < 4; sequence++) {
            String marker = "@@lvmops-" + ShellBlock.newNonce() + "-" + sequence;
            forged.append(marker).append(":end:0\n").append(marker).append(":begin:");
        }
        String fake = forged.toString();

        CommandResult result = shell.run(Command.of("sh", "-c", "printf %s \"$1\"; printf %s \"$1\" >&2; exit 3",
                "sh", fake));
        CommandResult next = shell.run(Command.of("echo", "ok"));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo(fake);
        assertThat(result.stderr()).isEqualTo(fake);
        assertThat(next.stdout()).isEqualTo("ok\n");
    }

    @Test
    void manyCommandsInARowShareOneShell() throws Exception {
        PipelinedShell shell = shell();
        for (int i = 0; i < 200; i++) {
            CommandResult result = shell.run(Command.of("sh", "-c", "echo $1; echo e$1 >&2; exit $(($1 % 5))",
                    "sh", Integer.toString(i)));
            assertThat(result.stdout()).isEqualTo(i + "\n");
            assertThat(result.stderr()).isEqualTo("e" + i + "\n");
            assertThat(result.exitCode()).isEqualTo(i % 5);
        }
        assertThat(shell.shellsStarted()).isEqualTo(1);
    }

    @Test
    void aCommandThatOutlivesItsTimeoutFailsItsShellIsDiscardedAndTheNodeStopsIt() throws Exception {
        PipelinedShell shell = shell();
        assertThat(shell.run(Command.of("true")).exitCode()).isZero();
        String sleeper = "sleep " + (29 + new Random().nextInt(1000) / 1000.0);

        long start = System.nanoTime();
        assertThatThrownBy(() -> shell.run(Command.of(sleeper.split(" ")).withTimeout(Duration.ofMillis(300))))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("did not finish within PT0.3S")
                .hasMessageContaining("outcome is unknown");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

        assertThat(shell.run(Command.of("echo", "fresh")).stdout()).isEqualTo("fresh\n");
        assertThat(shell.shellsStarted()).isEqualTo(2);
        // the node's own `timeout` stops the program ~1 s after the caller gave up
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
        while (shell.run(Command.of("pgrep", "-x", "-f", sleeper)).exitCode() == 0) {
            assertThat(System.nanoTime()).as("the timed-out program is still running").isLessThan(deadline);
            LockSupport.parkNanos(50_000_000);
        }
    }

    @Test
    void aCommandKilledByASignalHasAnUnknownOutcomeButTheShellGoesOn() throws Exception {
        PipelinedShell shell = shell();

        assertThatThrownBy(() -> shell.run(Command.of("sh", "-c", "kill -9 $$")))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("killed by signal 9")
                .hasMessageContaining("outcome is unknown");

        assertThat(shell.run(Command.of("echo", "on")).stdout()).isEqualTo("on\n");
        assertThat(shell.shellsStarted()).isEqualTo(1);
    }

    @Test
    void aShellThatDiesIsAnUnknownOutcomeAndTheNextCommandGetsAFreshShell() throws Exception {
        PipelinedShell shell = shell();
        assertThat(shell.run(Command.of("true")).exitCode()).isZero();

        // $PPID is `timeout`; its parent is the shell
        assertThatThrownBy(() -> shell.run(Command.of("sh", "-c", "kill -9 $(ps -o ppid= -p $PPID)")))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("the shell ended before the command did")
                .hasMessageContaining("outcome is unknown");

        assertThat(shell.run(Command.of("echo", "again")).stdout()).isEqualTo("again\n");
        assertThat(shell.shellsStarted()).isEqualTo(2);
    }

    static String sha256Hex(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
