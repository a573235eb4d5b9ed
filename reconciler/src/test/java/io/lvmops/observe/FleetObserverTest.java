package io.lvmops.observe;

import io.lvmops.model.NodeSpec;
import io.lvmops.model.Spec;
import io.lvmops.transport.FleetExecutor;
import io.lvmops.transport.LocalTransport;
import io.lvmops.transport.TransportException;
import io.lvmops.transport.TransportFactory;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class FleetObserverTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    static FleetObserver observer(TransportFactory transports, NodeObserver observer, int parallel, Clock clock) {
        return new FleetObserver(new FleetExecutor(transports, parallel), observer, clock);
    }

    @Test
    void everyNodeInSpecOrderUnreachableOnesIncludedWithTheirReason() {
        Spec spec = new Spec(List.of(NodeSpec.of("node1", "a"), NodeSpec.of("node2", "b"), NodeSpec.of("node3", "c")),
                List.of(), List.of(), List.of());
        ConcurrentHashMap<String, CountingTransport> opened = new ConcurrentHashMap<>();
        FleetObserver fleet = observer(node -> {
            if (node.name().equals("node2")) {
                throw new TransportException("node2", "host key of node2 changed: SHA256:abc");
            }
            return opened.computeIfAbsent(node.name(), name -> new CountingTransport(new LocalTransport(name, false)));
        }, (s, node, t) -> {
            try {
                t.run(io.lvmops.transport.Command.of("true"));
            } catch (TransportException e) {
                throw new IllegalStateException(e);
            }
            return new NodeObservation(node.name(), true, null, node.name(), "2.03.16", null, null, null, null,
                    null, null, null, null);
        }, 2, CLOCK);

        FleetObservation f = fleet.observe(spec);

        assertThat(f.observedAt()).isEqualTo(CLOCK.instant());
        assertThat(f.nodes()).extracting(NodeObservation::node).containsExactly("node1", "node2", "node3");
        assertThat(f.nodes()).extracting(NodeObservation::reachable).containsExactly(true, false, true);
        assertThat(f.nodes().get(1).error()).isEqualTo("host key of node2 changed: SHA256:abc");
        assertThat(opened.values()).allSatisfy(t -> assertThat(t.execs).hasValue(1));
    }

    @Test
    void nodesAreObservedInParallel() {
        // both observations must be in flight at once for the latch to open; sequential would time out
        CountDownLatch bothStarted = new CountDownLatch(2);
        Spec spec = new Spec(List.of(NodeSpec.of("node1", "a"), NodeSpec.of("node2", "b")), List.of(), List.of(),
                List.of());
        FleetObserver fleet = observer(node -> new LocalTransport(node.name(), false), (s, node, t) -> {
            bothStarted.countDown();
            try {
                boolean parallel = bothStarted.await(10, TimeUnit.SECONDS);
                return parallel ? new NodeObservation(node.name(), true, null, null, null, null, null, null, null,
                        null, null, null, null) : NodeObservation.unreachable(node.name(), "not parallel");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, 4, CLOCK);

        assertThat(fleet.observe(spec).nodes()).allSatisfy(n -> assertThat(n.reachable()).isTrue());
    }

    @Test
    void anObserverBugIsAnUnreachableNodeNotACrash() {
        Spec spec = new Spec(List.of(NodeSpec.of("node1", "a")), List.of(), List.of(), List.of());
        FleetObserver fleet = observer(node -> new LocalTransport(node.name(), false), (s, node, t) -> {
            throw new IllegalStateException("boom");
        }, 1, CLOCK);
        NodeObservation n = fleet.observe(spec).nodes().get(0);
        assertThat(n.reachable()).isFalse();
        assertThat(n.error()).contains("boom");
    }
}
