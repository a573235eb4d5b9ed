package io.lvmops.observe;

import io.lvmops.model.NodeSpec;
import io.lvmops.model.Spec;
import io.lvmops.transport.Transport;
import io.lvmops.transport.TransportException;
import io.lvmops.transport.TransportFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Observes every node of the spec in parallel (at most {@code parallelism} at a time) and returns the fleet in
 * spec order. A node that cannot be reached is in the result with its reason, never left out.
 */
public final class FleetObserver {
    private final TransportFactory transports;
    private final NodeObserver observer;
    private final int parallelism;
    private final Clock clock;

    public FleetObserver(TransportFactory transports, NodeObserver observer, int parallelism, Clock clock) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        this.transports = transports;
        this.observer = observer;
        this.parallelism = parallelism;
        this.clock = clock;
    }

    public FleetObserver(TransportFactory transports, int parallelism) {
        this(transports, new LvmNodeObserver(), parallelism, Clock.systemUTC());
    }

    public FleetObservation observe(Spec spec) {
        var at = clock.instant();
        List<NodeSpec> nodes = spec.nodes();
        if (nodes.isEmpty()) {
            return FleetObservation.of(at, List.of());
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, nodes.size()), r -> {
            Thread t = new Thread(r, "lvmops-observe");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<NodeObservation>> futures = new ArrayList<>();
            for (NodeSpec node : nodes) {
                futures.add(pool.submit(() -> observeOne(spec, node)));
            }
            List<NodeObservation> result = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                result.add(await(futures.get(i), nodes.get(i)));
            }
            return FleetObservation.of(at, result);
        } finally {
            pool.shutdownNow();
        }
    }

    private NodeObservation observeOne(Spec spec, NodeSpec node) {
        try (Transport t = transports.open(node)) {
            return observer.observe(spec, node, t);
        } catch (TransportException e) {
            return NodeObservation.unreachable(node.name(), e.getMessage());
        } catch (RuntimeException e) {
            return NodeObservation.unreachable(node.name(), "observation failed: " + e);
        }
    }

    private static NodeObservation await(Future<NodeObservation> f, NodeSpec node) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NodeObservation.unreachable(node.name(), "interrupted");
        } catch (ExecutionException e) {
            return NodeObservation.unreachable(node.name(), "observation failed: " + e.getCause());
        }
    }
}
