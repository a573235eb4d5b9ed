package io.lvmops.transport;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hostile node printing 300 MB for one command must not run lvmops out of memory: the command fails with a clear
 * "more than 16 MiB" and the transport stays usable. Run in a child JVM with a 96 MiB heap, so that buffering the
 * output (as the transports did) fails the test with an OutOfMemoryError instead of passing on a big heap.
 */
class NodeOutputLimitTest {

    @ParameterizedTest
    @ValueSource(strings = {"pipelined", "local"})
    void aNodePrinting300MbIsCutOffWithinASmallHeap(String transport) throws Exception {
        List<String> out = runWithSmallHeap(transport, "head -c 300000000 /dev/zero");
        assertThat(out).as(String.join("\n", out)).anySatisfy(l -> assertThat(l).startsWith("REFUSED ")
                .contains("printed more than 16 MiB"));
        assertThat(out).contains("AFTER still usable");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pipelined", "local"})
    void aFloodOnStderrIsCutOffToo(String transport) throws Exception {
        List<String> out = runWithSmallHeap(transport, "head -c 300000000 /dev/zero >&2");
        assertThat(out).as(String.join("\n", out)).anySatisfy(l -> assertThat(l).startsWith("REFUSED ")
                .contains("printed more than 16 MiB"));
    }

    @Test
    void aCommandWithTheStepLimitIsCutOffPastOneMib() throws Exception {
        Command step = Command.of("sh", "-c", "head -c 2000000 /dev/zero").withOutputLimit(OutputLimit.STEP_BYTES);
        try (Transport shell = new PipelinedShell("local", new io.lvmops.apply.lock.LocalProcessStarter("local"),
                Command::timeout); Transport local = new LocalTransport("local", false)) {
            for (Transport t : List.of(shell, local)) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.run(step))
                        .isInstanceOf(TransportException.class).hasMessageContaining("printed more than 1 MiB");
                assertThat(t.run(step.withOutputLimit(OutputLimit.MAX_BYTES)).stdout()).hasSize(2_000_000);
            }
        }
    }

    @Test
    void outputJustUnderTheLimitIsKept() throws Exception {
        try (Transport shell = new PipelinedShell("local", new io.lvmops.apply.lock.LocalProcessStarter("local"),
                Command::timeout)) {
            CommandResult r = shell.run(Command.of("sh", "-c", "head -c " + (OutputLimit.MAX_BYTES - 1) + " /dev/zero"));
            assertThat(r.stdout()).hasSize(OutputLimit.MAX_BYTES - 1);
        }
    }

    @Test
    void theFramingKeepsNoMoreThanItsLimit() {
        FramedStream frames = new FramedStream();
        byte[] chunk = new byte[1 << 20];
        int kept = 0;
        while (frames.append(chunk, 0, chunk.length)) {
            kept += chunk.length;
        }
        assertThat(kept).isLessThanOrEqualTo(FramedStream.LIMIT).isGreaterThanOrEqualTo(OutputLimit.MAX_BYTES);
    }

    private static List<String> runWithSmallHeap(String transport, String command) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx96m", "-cp", System.getProperty("java.class.path"),
                OutputFlood.class.getName(), transport, command).redirectErrorStream(true).start();
        byte[] all = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new String(all, StandardCharsets.UTF_8).lines().filter(l -> !l.contains("DEBUG")).toList();
    }
}
