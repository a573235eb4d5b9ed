package io.lvmops.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.lvmops.model.NodeSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class FleetExecutorTest {
    @RegisterExtension
    static final OpenSshServer SSHD = OpenSshServer.inContainer();

    @TempDir
    Path temp;

    @Test
    void anUnreachableNodeIsReportedWithItsReasonAndDoesNotAffectTheOthers() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path knownHosts = SSHD.trustingKnownHosts();
        List<NodeSpec> nodes = List.of(SSHD.node("alpha", knownHosts),
                SSHD.node("bravo", knownHosts).withPort(closedPort), SSHD.node("charlie", knownHosts));
        SshTransportFactory factory = new SshTransportFactory(SshSettings.defaults(),
                new SshClientFiles(temp, null));

        try (FleetExecutor fleet = new FleetExecutor(factory, 4)) {
            List<NodeResult<String>> results = fleet.onEachNode(nodes,
                    transport -> transport.run(Command.of("echo", transport.node())).stdout().trim());

            assertThat(results).extracting(r -> r.node().name()).containsExactly("alpha", "bravo", "charlie");
            assertThat(results.get(0).value()).isEqualTo("alpha");
            assertThat(results.get(2).value()).isEqualTo("charlie");
            NodeResult<String> bravo = results.get(1);
            assertThat(bravo.ok()).isFalse();
            assertThat(bravo.unreachable()).isTrue();
            assertThat(bravo.value()).isNull();
            assertThat(bravo.failure()).hasMessageContaining("bravo").hasMessageContaining("connection refused");
        }
    }

    @Test
    void transportsAreOpenedOncePerNodeAndReusedAcrossPhasesUntilClose() {
        AtomicInteger opened = new AtomicInteger();
        List<String> closed = new ArrayList<>();
        TransportFactory factory = node -> {
            opened.incrementAndGet();
            return new Transport() {
                @Override
                public String node() {
                    return node.name();
                }

                @Override
                public CommandResult run(Command command) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void close() {
                    synchronized (closed) {
                        closed.add(node.name());
                    }
                }
            };
        };
        List<NodeSpec> nodes = List.of(NodeSpec.of("a", "h"), NodeSpec.of("b", "h"));
        FleetExecutor fleet = new FleetExecutor(factory, 2);
        List<Transport> seen = new ArrayList<>();
        for (int phase = 0; phase < 3; phase++) {
            fleet.onEachNode(nodes, transport -> {
                synchronized (seen) {
                    seen.add(transport);
                }
                return transport.node();
            });
        }
        assertThat(closed).isEmpty();
        fleet.close();

        assertThat(opened).hasValue(2);
        assertThat(seen).hasSize(6);
        assertThat(seen.stream().distinct().count()).isEqualTo(2);
        assertThat(closed).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void runsNodesInParallelButNeverMoreThanMaxParallel() throws Exception {
        int maxParallel = 3;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch threeInside = new CountDownLatch(maxParallel);
        List<NodeSpec> nodes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            nodes.add(NodeSpec.of("n" + i, "h"));
        }
        try (FleetExecutor fleet = new FleetExecutor(node -> new LocalTransport(node.name(), false), maxParallel)) {
            List<NodeResult<Integer>> results = fleet.onEachNode(nodes, transport -> {
                int now = running.incrementAndGet();
                peak.accumulateAndGet(now, Math::max);
                threeInside.countDown();
                // Hold the slot until three tasks are in at once: proves parallelism without timing guesses.
                threeInside.await(5, TimeUnit.SECONDS);
                running.decrementAndGet();
                return now;
            });

            assertThat(results).allMatch(NodeResult::ok);
        }
        assertThat(threeInside.getCount()).isZero();
        assertThat(peak.get()).isEqualTo(maxParallel);
    }

    @Test
    void aFailingTaskIsIsolatedToItsNode() {
        List<NodeSpec> nodes = List.of(NodeSpec.of("a", "h"), NodeSpec.of("b", "h"));
        try (FleetExecutor fleet = new FleetExecutor(node -> new LocalTransport(node.name(), false), 2)) {
            List<NodeResult<String>> results = fleet.onEachNode(nodes, transport -> {
                if (transport.node().equals("a")) {
                    throw new IllegalStateException("parser choked on a");
                }
                return "fine";
            });

            assertThat(results.get(0).failure()).hasMessage("parser choked on a");
            assertThat(results.get(0).unreachable()).isFalse();
            assertThat(results.get(1).value()).isEqualTo("fine");
            assertThat(results.get(1).elapsed()).isGreaterThanOrEqualTo(Duration.ZERO);
        }
    }

    @Test
    void aNodeListedTwiceIsAProgrammingError() {
        try (FleetExecutor fleet = new FleetExecutor(node -> new LocalTransport(node.name(), false), 2)) {
            assertThatThrownBy(() -> fleet.onEachNode(List.of(NodeSpec.of("a", "h"), NodeSpec.of("a", "h")),
                    Transport::node)).hasMessageContaining("listed twice");
        }
    }

}
