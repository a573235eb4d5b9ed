package io.lvmops.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.lvmops.model.NodeSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSH part of issue 3's figure alone: connect + one exec to 1, 10 and 100 nodes, each a real SSH server
 * ({@link MinaSshFleet}) answering any command with a synthetic ~50-LV {@code lvm fullreport} JSON, at several pool
 * sizes. The client side is {@link FleetExecutor} + {@link SshTransportFactory} + {@link SshTransport}, known_hosts
 * verification and public key authentication included. Nothing is parsed: the whole observation (observe.sh's
 * command, its output parsed into a fleet) is measured by {@code io.lvmops.observe.FleetObserveBenchmark}.
 *
 * <pre>mvn -q -o -B -pl reconciler test -Dtest=FleetSshBenchmark -Dtest.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@Tag("bench")
class FleetSshBenchmark {
    private static final int NODES = 100;
    private static final int ROUNDS = 5;
    private static final byte[] REPORT = FullreportFixture.fiftyLvs().getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;
    private static MinaSshFleet fleet;

    @BeforeAll
    static void startServers() throws Exception {
        fleet = MinaSshFleet.start(dir, NODES, (node, commandLine) -> MinaSshFleet.Reply.ok(REPORT));
    }

    @AfterAll
    static void stopServers() throws IOException {
        fleet.close();
    }

    @Test
    void connectAndObserveGrowsWithTheFleet() {
        System.out.printf(Locale.ROOT, "%nFleet observe over SSH (MINA sshd on loopback, %d-byte report per node,"
                + " %d cores, load average %.1f: the servers share the client's cores)%n", REPORT.length,
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        observe(fleet.nodes().subList(0, 10), 16); // warm-up: JIT, crypto providers, class loading
        observe(fleet.nodes(), 16);
        for (int parallel : new int[] {16, 32, 64}) {
            System.out.printf(Locale.ROOT, "maxParallel=%d%n", parallel);
            double base = 0;
            for (int n : new int[] {1, 10, 100}) {
                double[] millis = new double[ROUNDS];
                for (int round = 0; round < ROUNDS; round++) {
                    millis[round] = observe(fleet.nodes().subList(0, n), parallel).toNanos() / 1e6;
                }
                Arrays.sort(millis);
                double median = millis[ROUNDS / 2];
                base = n == 1 ? median : base;
                System.out.printf(Locale.ROOT, "  %3d nodes: median %7.1f ms  min %7.1f ms  max %7.1f ms"
                        + "  (%.1f x the 1-node time, %.2f ms per node)%n", n, median, millis[0],
                        millis[ROUNDS - 1], median / base, median / n);
            }
            System.out.printf(Locale.ROOT, "  (load average now %.1f)%n",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** One run: fresh factory (no cached connections), connect + one exec per node, all connections closed. */
    private static Duration observe(List<NodeSpec> nodes, int maxParallel) {
        SshSettings settings = SshSettings.defaults().withMaxParallel(maxParallel);
        long start = System.nanoTime();
        List<NodeResult<Integer>> results;
        try (FleetExecutor executor = new FleetExecutor(fleet.transports(settings), settings.maxParallel())) {
            results = executor.onEachNode(nodes, transport -> {
                CommandResult result = transport.run(io.lvmops.transport.Command.of("lvm", "fullreport",
                        "--reportformat", "json", "--units", "b", "--nosuffix"));
                return result.stdout().length();
            });
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        for (NodeResult<Integer> result : results) {
            assertThat(result.failure()).as(result.node().name()).isNull();
            assertThat(result.value()).isEqualTo(REPORT.length);
        }
        return took;
    }
}
