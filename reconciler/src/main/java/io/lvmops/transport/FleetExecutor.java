package io.lvmops.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.lvmops.model.NodeSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task per node in parallel on a bounded pool and returns the results in the order of the nodes given
 * (spec order). Transports are opened on first use and kept until {@link #close()}, so every phase of a run
 * (observe, then apply) reuses one connection per node. A failure on one node never affects another.
 */
public final class FleetExecutor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FleetExecutor.class);

    private final TransportFactory factory;
    private final int maxParallel;
    private final Map<String, Transport> transports = new LinkedHashMap<>();

    public FleetExecutor(TransportFactory factory, int maxParallel) {
        if (maxParallel < 1) {
            throw new IllegalArgumentException("maxParallel must be at least 1: " + maxParallel);
        }
        this.factory = factory;
        this.maxParallel = maxParallel;
    }

    /** The results, one per node and in the order of {@code nodes}. */
    public <T> List<NodeResult<T>> onEachNode(List<NodeSpec> nodes, NodeTask<T> task) {
        requireDistinctNames(nodes);
        if (nodes.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(maxParallel, nodes.size()), daemonThreads());
        try {
            List<Future<NodeResult<T>>> futures = new ArrayList<>(nodes.size());
            for (NodeSpec node : nodes) {
                futures.add(pool.submit(runOn(node, task)));
            }
            List<NodeResult<T>> results = new ArrayList<>(nodes.size());
            for (int i = 0; i < nodes.size(); i++) {
                results.add(await(nodes.get(i), futures.get(i)));
            }
            return List.copyOf(results);
        } finally {
            pool.shutdownNow();
        }
    }

    private <T> Callable<NodeResult<T>> runOn(NodeSpec node, NodeTask<T> task) {
        return () -> {
            long start = System.nanoTime();
            try {
                T value = task.run(transportFor(node));
                if (value == null) {
                    throw new IllegalStateException("task returned nothing for node " + node.name());
                }
                return NodeResult.success(node, value, Duration.ofNanos(System.nanoTime() - start));
            } catch (Exception e) {
                LOG.debug("node {} failed: {}", node.name(), e.toString());
                return NodeResult.failure(node, e, Duration.ofNanos(System.nanoTime() - start));
            }
        };
    }

    private static <T> NodeResult<T> await(NodeSpec node, Future<NodeResult<T>> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NodeResult.failure(node, e, Duration.ZERO);
        } catch (ExecutionException e) {
            // runOn catches every Exception; only an Error gets here, and that must not be hidden.
            throw new IllegalStateException("task on node " + node.name() + " failed", e.getCause());
        }
    }

    private Transport transportFor(NodeSpec node) throws TransportException {
        synchronized (transports) {
            Transport existing = transports.get(node.name());
            if (existing != null) {
                return existing;
            }
        }
        Transport opened = factory.open(node);
        synchronized (transports) {
            transports.put(node.name(), opened);
        }
        return opened;
    }

    private static void requireDistinctNames(List<NodeSpec> nodes) {
        Set<String> names = new HashSet<>();
        for (NodeSpec node : nodes) {
            if (!names.add(node.name())) {
                throw new IllegalArgumentException("node " + node.name() + " is listed twice");
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "lvmops-fleet-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        synchronized (transports) {
            transports.values().forEach(Transport::close);
            transports.clear();
        }
    }
}
