package io.lvmops.transport;

import io.lvmops.model.NodeSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One transport per node for a whole run (lock, observation, steps, verifying re-observations), whatever each phase
 * does with {@code close()}: every phase gets a view whose {@code close()} does nothing, and the run closes the real
 * transports once, at its end. Under emulation an SSH connection costs about a second; a run that opened one per
 * phase paid that three or four times per node.
 */
public final class SharedTransports implements TransportFactory, AutoCloseable {
    private final TransportFactory delegate;
    private final Map<String, Transport> open = new LinkedHashMap<>();

    public SharedTransports(TransportFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public Transport open(NodeSpec node) throws TransportException {
        Transport transport;
        synchronized (open) {
            transport = open.get(node.name());
            if (transport == null) {
                transport = delegate.open(node);
                open.put(node.name(), transport);
            }
        }
        return transport instanceof CommandStarter ? new StartingView(transport) : new View(transport);
    }

    /** Closes every transport this run opened. */
    @Override
    public void close() {
        List<Transport> all;
        synchronized (open) {
            all = new ArrayList<>(open.values());
            open.clear();
        }
        all.forEach(Transport::close);
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
