package io.lvmops.observe;

import io.lvmops.model.DeviceSpec;
import io.lvmops.model.LogicalVolumeSpec;
import io.lvmops.model.NodeSpec;
import io.lvmops.model.Size;
import io.lvmops.model.Spec;
import io.lvmops.model.VolumeGroupSpec;
import io.lvmops.transport.CommandResult;
import io.lvmops.transport.MinaSshFleet;
import io.lvmops.transport.ShellQuoting;
import io.lvmops.transport.SshSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 3's figure: observe 100 nodes × 50 LVs in ≤ 2 s wall, and how the time grows from 1 to 10 to 100 nodes.
 * The whole production path runs: {@link FleetObserver#observeOnce} with {@link LvmNodeObserver} (a fresh nonce
 * per node, observe.sh as one exec) over {@code SshTransportFactory}/{@code SshTransport} (known_hosts check,
 * public key auth, one connection per node), then {@link ObserveOutput} and every parser. Each node is a real SSH
 * server ({@link MinaSshFleet}) that answers only the real observe command line, {@code sh -c <observe.sh>
 * lvmops-observe NONCE PATH...}, with a node's real-looking output ({@link LabObserveOutput}: lab captures,
 * 50 LVs) under the nonce it received; any other command gets exit 127, which would show up as unreachable nodes.
 * Not measured: the time observe.sh itself takes on a node (a few LVM calls, ~1 s on the lab's emulated nodes).
 *
 * <pre>mvn -q -o -B -pl reconciler test -Dtest=FleetObserveBenchmark -Dtest.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@Tag("bench")
class FleetObserveBenchmark {
    private static final int NODES = 100;
    private static final int LVS = 50;
    private static final int WARM_UPS = 3;
    private static final int ROUNDS = 5;
    private static final String TEMPLATE_MARK = "@@lvmops-" + LabObserveOutput.NONCE + " ";

    @TempDir
    static Path dir;
    private static MinaSshFleet fleet;
    private static Spec spec;
    private static String[] outputs;
    private static int outputBytes;

    @BeforeAll
    static void startFleet() throws Exception {
        outputs = new String[NODES];
        fleet = MinaSshFleet.start(dir, NODES, FleetObserveBenchmark::answer);
        spec = spec(fleet.nodes());
        List<String> probePaths = ObserveScript.probePaths(spec);
        for (int i = 0; i < NODES; i++) {
            outputs[i] = LabObserveOutput.node(fleet.nodes().get(i).name(), LVS, probePaths);
        }
        outputBytes = outputs[0].getBytes(StandardCharsets.UTF_8).length;
    }

    @AfterAll
    static void stopFleet() throws IOException {
        fleet.close();
    }

    @Test
    void observeOneTenAndAHundredNodes() {
        System.out.printf(Locale.ROOT, "%nFleet observation: FleetObserver + LvmNodeObserver + SshTransport against %d"
                + " MINA sshd servers on loopback (same JVM, same %d cores), %d LVs and %d bytes of observe.sh output"
                + " per node%n", NODES, Runtime.getRuntime().availableProcessors(), LVS, outputBytes);
        for (int i = 0; i < WARM_UPS; i++) { // JIT, crypto providers, class loading, MINA's buffers
            observe(NODES, SshSettings.DEFAULT_MAX_PARALLEL);
        }
        double[] parse = parseOnlyMillis();
        System.out.printf(Locale.ROOT, "parsing alone (LvmNodeObserver.interpret of %d outputs, one thread): %.1f ms"
                + " wall, %.1f ms CPU%n", NODES, parse[0], parse[1]);
        for (int parallel : new int[] {16, 32}) {
            System.out.printf(Locale.ROOT, "--parallel %d%s:%n", parallel,
                    parallel == 16 ? " (the CLI's default)" : "");
            double base = 0;
            double previous = 0;
            int previousN = 0;
            for (int n : new int[] {1, 10, NODES}) {
                String loadBefore = loadAverage();
                double[] millis = new double[ROUNDS];
                for (int round = 0; round < ROUNDS; round++) {
                    millis[round] = observe(n, parallel);
                }
                Arrays.sort(millis);
                double median = millis[ROUNDS / 2];
                base = n == 1 ? median : base;
                String growth = n == 1 ? "" : previousN == 1
                        ? String.format(Locale.ROOT, "; x%.1f the 1-node time", median / base)
                        : String.format(Locale.ROOT, "; x%.1f the %d-node time, x%.1f the 1-node time",
                        median / previous, previousN, median / base);
                System.out.printf(Locale.ROOT, "  %3d nodes: median %7.1f ms (min %7.1f, max %7.1f), %5.2f ms/node%s"
                        + "; loadavg %s -> %s%n", n, median, millis[0], millis[ROUNDS - 1], median / n, growth,
                        loadBefore, loadAverage());
                previous = median;
                previousN = n;
            }
        }
    }

    /** The client's parsing share, without SSH: wall and CPU ms, medians of ROUNDS passes over every output. */
    private static double[] parseOnlyMillis() {
        ObserveScript script = new ObserveScript("bench", ObserveScript.probePaths(spec));
        List<CommandResult> results = new ArrayList<>();
        for (String output : outputs) {
            results.add(new CommandResult(0, output.replace(TEMPLATE_MARK, "@@lvmops-bench "), "", Duration.ZERO));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] wall = new double[ROUNDS];
        double[] cpu = new double[ROUNDS];
        for (int round = 0; round < ROUNDS + WARM_UPS; round++) {
            List<NodeObservation> parsed = new ArrayList<>(NODES);
            long start = System.nanoTime();
            long startCpu = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < NODES; i++) {
                parsed.add(LvmNodeObserver.interpret("n", script, results.get(i)));
            }
            if (round >= WARM_UPS) {
                cpu[round - WARM_UPS] = (threads.getCurrentThreadCpuTime() - startCpu) / 1e6;
                wall[round - WARM_UPS] = (System.nanoTime() - start) / 1e6;
            }
            assertThat(parsed).allSatisfy(n -> assertThat(n.lvs()).hasSize(LVS));
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new double[] {wall[ROUNDS / 2], cpu[ROUNDS / 2]};
    }

    /** One observation of the first {@code n} nodes with fresh connections; returns its wall time in ms. */
    private static double observe(int n, int parallel) {
        Spec subset = new Spec(spec.nodes().subList(0, n), spec.devices(), spec.volumeGroups(),
                spec.logicalVolumes());
        SshSettings settings = SshSettings.defaults().withMaxParallel(parallel);
        int execsBefore = fleet.execs();
        long start = System.nanoTime();
        FleetObservation f = FleetObserver.observeOnce(subset, fleet.transports(settings), parallel);
        double millis = (System.nanoTime() - start) / 1e6;

        // the work was real: every node answered the real command, and its whole output was parsed
        assertThat(fleet.execs() - execsBefore).as("exec channels").isEqualTo(n);
        assertThat(f.nodes()).hasSize(n).allSatisfy(node -> {
            assertThat(node.reachable()).as(node.node() + ": " + node.error()).isTrue();
            assertThat(node.hostname()).isEqualTo(node.node());
            assertThat(node.lvs()).hasSize(LVS);
            assertThat(node.devices()).hasSize(1 + LVS);
            assertThat(node.warnings()).isEmpty();
        });
        return millis;
    }

    /**
     * A node's answer: its output under the nonce of this command line, if the command line is exactly lvmops'
     * observe command (observe.sh quoted once, the spec's probe paths); anything else is "command not found".
     */
    private static MinaSshFleet.Reply answer(int node, String commandLine) {
        String script = " sh -c " + ShellQuoting.quote(ObserveScript.SCRIPT) + " lvmops-observe ";
        int at = commandLine.indexOf(script);
        String[] args = at < 0 ? new String[0] : commandLine.substring(at + script.length()).split(" ", 2);
        String expectedPaths = ShellQuoting.join(ObserveScript.probePaths(spec));
        if (args.length != 2 || !args[1].equals(expectedPaths)) {
            return new MinaSshFleet.Reply(new byte[0], "sh: not the observe command\n".getBytes(
                    StandardCharsets.UTF_8), 127);
        }
        String output = outputs[node].replace(TEMPLATE_MARK, "@@lvmops-" + args[0] + " ");
        return MinaSshFleet.Reply.ok(output.getBytes(StandardCharsets.UTF_8));
    }

    /** The fleet, the lab's LUN with vg0 on it, and lv01..lv50 owned round-robin by the first ten nodes. */
    private static Spec spec(List<NodeSpec> nodes) {
        List<LogicalVolumeSpec> lvs = new ArrayList<>();
        for (int i = 1; i <= LVS; i++) {
            lvs.add(new LogicalVolumeSpec(String.format(Locale.ROOT, "lv%02d", i), "vg0", Size.parse("1G"),
                    nodes.get(i % 10).name(), null, null));
        }
        return new Spec(nodes, List.of(new DeviceSpec("test_block_a", LabObserveOutput.LUN, null)),
                List.of(new VolumeGroupSpec("vg0", List.of("test_block_a"), null, null, null)), lvs);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + "/" + f[1] + "/" + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
