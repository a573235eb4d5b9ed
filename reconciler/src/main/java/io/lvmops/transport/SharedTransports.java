package io.lvmops.transport;

import io.lvmops.model.NodeSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One transport per node for a whole run (lock, observation, steps, verifying re-observations), whatever each phase
 * does with {@code close()}: every phase gets a view whose {@code close()} does nothing, and the run closes the real
 * transports once, at its end. Under emulation an SSH connection costs about a second; a run that opened one per
 * phase paid that three or four times per node.
 */
public final class SharedTransports implements TransportFactory, AutoCloseable {
    private final TransportFactory delegate;
    /** Per node: its connection, being opened or open. Nodes connect in parallel; a node is opened only once. */
    private final Map<String, CompletableFuture<Transport>> open = new LinkedHashMap<>();
    private boolean closed;

    public SharedTransports(TransportFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public Transport open(NodeSpec node) throws TransportException {
        CompletableFuture<Transport> future;
        boolean mine = false;
        synchronized (open) {
            future = open.get(node.name());
            if (future == null) {
                future = new CompletableFuture<>();
                open.put(node.name(), future);
                mine = true;
            }
        }
        if (mine) {
            connect(node, future);
        }
        Transport transport = await(node, future);
        return transport instanceof CommandStarter ? new StartingView(transport) : new View(transport);
    }

    /**
     * Starts opening these nodes' connections in the background, at most {@code parallelism} at a time, so that
     * the run's first phases (the lock on one node, then the observation of all) find them open. Under emulation an
     * SSH handshake takes about a second per node. A node that cannot be reached is reported by the phase that
     * needs it, exactly as if it had connected itself.
     */
    public void connectAhead(List<NodeSpec> nodes, int parallelism) {
        List<Runnable> work = new ArrayList<>();
        synchronized (open) {
            for (NodeSpec node : nodes) {
                if (!open.containsKey(node.name())) {
                    CompletableFuture<Transport> future = new CompletableFuture<>();
                    open.put(node.name(), future);
                    work.add(() -> connect(node, future));
                }
            }
        }
        if (work.isEmpty()) {
            return;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, Math.min(parallelism, work.size())), r -> {
                    Thread t = new Thread(r, "lvmops-connect");
                    t.setDaemon(true);
                    return t;
                });
        work.forEach(pool::execute);
        pool.shutdown();
    }

    private void connect(NodeSpec node, CompletableFuture<Transport> future) {
        try {
            Transport t = delegate.open(node);
            boolean late;
            synchronized (open) {
                late = closed;
            }
            if (late) {
                t.close();
                future.completeExceptionally(new TransportException(node.name(), "the run has ended"));
            } else {
                future.complete(t);
            }
        } catch (TransportException | RuntimeException e) {
            // not cached: a later phase tries again, as it would have without sharing
            synchronized (open) {
                open.remove(node.name(), future);
            }
            future.completeExceptionally(e);
        }
    }

    private static Transport await(NodeSpec node, CompletableFuture<Transport> future) throws TransportException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(node.name(), "interrupted while connecting");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TransportException te) {
                throw te;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new TransportException(node.name(), String.valueOf(e.getCause()));
        }
    }

    /** Closes every transport this run opened (and any still connecting, once it has). */
    @Override
    public void close() {
        List<CompletableFuture<Transport>> all;
        synchronized (open) {
            closed = true;
            all = new ArrayList<>(open.values());
            open.clear();
        }
        all.forEach(f -> f.thenAccept(Transport::close));
    }

    private static class View implements Transport {
        final Transport shared;

        View(Transport shared) {
            this.shared = shared;
        }

        @Override
        public String node() {
            return shared.node();
        }

        @Override
        public CommandResult run(Command command) throws TransportException {
            return shared.run(command);
        }

        /** The shared transport's own pipelined view: closing it ends its shell, not the shared transport. */
        @Override
        public Transport pipelined() {
            return shared.pipelined();
        }

        @Override
        public void close() {
            // the run closes it (SharedTransports.close)
        }
    }

    private static final class StartingView extends View implements CommandStarter {
        StartingView(Transport shared) {
            super(shared);
        }

        @Override
        public RunningCommand start(Command command) throws TransportException {
            return ((CommandStarter) shared).start(command);
        }
    }
}
