package io.lvmops.apply.lock;

import io.lvmops.model.NodeSpec;
import io.lvmops.model.Spec;
import io.lvmops.model.VolumeGroupSpec;
import io.lvmops.transport.CommandStarter;
import io.lvmops.transport.RunningCommand;
import io.lvmops.transport.Transport;
import io.lvmops.transport.TransportException;
import io.lvmops.transport.TransportFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Takes the {@link FlockVgLock} of several VGs for one apply: in sorted VG order (two applies wanting the same VGs
 * never wait for each other in a circle), each on the VG's metadata node: the one the spec names, else the first node
 * in spec order that can be reached (the same rule as the planner's). Each lock holds its own connection; closing the
 * handle releases them all, in reverse order.
 */
public final class VgLocks {
    private final Spec spec;
    private final TransportFactory transports;
    private final String lockDir;
    private final String holderInfo;

    public VgLocks(Spec spec, TransportFactory transports, String lockDir, String holderInfo) {
        this.spec = spec;
        this.transports = transports;
        this.lockDir = lockDir;
        this.holderInfo = holderInfo;
    }

    /** The locks held; {@link #close()} releases them. */
    /** A lock taken earlier in this run is no longer held. */
    public static final class VgLockLostException extends IllegalStateException {
        public VgLockLostException(String message) {
            super(message);
        }
    }

    public static final class Held implements AutoCloseable {
        private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
        private final List<String> where = new ArrayList<>();
        private final Map<String, RunningCommand> holders = new LinkedHashMap<>();

        /**
         * Throws unless every lock is still held. A lock lives exactly as long as its channel: if the connection to
         * the lock's node dropped, the transport may reconnect for the next step, but the lock is gone and another
         * apply may already hold it. Checked before every step.
         */
        public void requireAlive() {
            for (Map.Entry<String, RunningCommand> e : holders.entrySet()) {
                if (!e.getValue().isAlive()) {
                    throw new VgLockLostException("the lock of " + e.getKey() + " was lost (its channel ended): "
                            + "stopped before the next step; what ran is safe, run apply again");
                }
            }
        }

        /** "vg0 on node1", one per lock, in the order taken. */
        public List<String> where() {
            return List.copyOf(where);
        }

        @Override
        public void close() {
            while (!toClose.isEmpty()) {
                try {
                    toClose.pop().close();
                } catch (Exception e) {
                    // Releasing is closing a channel; if that fails the connection is gone, and so is the lock.
                }
            }
        }
    }

    /** Waits up to {@code timeout} for each lock; on failure releases those already taken and throws. */
    public Held acquire(Collection<String> vgs, Duration timeout) throws VgLockException {
        Held held = new Held();
        try {
            for (String vg : new TreeSet<>(vgs)) {
                acquireOne(vg, timeout, held);
            }
            return held;
        } catch (VgLockException | RuntimeException e) {
            held.close();
            throw e;
        }
    }

    private void acquireOne(String vg, Duration timeout, Held held) throws VgLockException {
        String named = spec.volumeGroup(vg).map(VolumeGroupSpec::metadataNode).orElse(null);
        List<NodeSpec> candidates = named != null ? spec.node(named).stream().toList() : spec.nodes();
        List<String> failures = new ArrayList<>();
        for (NodeSpec node : candidates) {
            Transport transport;
            try {
                transport = transports.open(node);
            } catch (TransportException e) {
                failures.add(node.name() + ": " + e.getMessage());
                continue;
            }
            if (!(transport instanceof CommandStarter starter)) {
                transport.close();
                throw new IllegalStateException("the transport of node " + node.name() + " cannot hold a lock");
            }
            try {
                RunningCommand lock = new FlockVgLock(starter, lockDir, holderInfo).acquire(vg, timeout);
                held.toClose.push(transport::close);
                held.toClose.push(lock);
                held.where.add(vg + " on " + node.name());
                held.holders.put("VG " + vg + " on " + node.name(), lock);
                return;
            } catch (VgLockException e) {
                transport.close();
                if (e.holder() != null) {
                    throw e;
                }
                // The node could not run the lock program (unreachable): try the next node, like the planner.
                failures.add(node.name() + ": " + e.getMessage());
            }
        }
        throw new VgLockException("cannot take the lock of VG " + vg + " on " + (named != null ? "its metadata node "
                + named : "any node") + ": " + String.join("; ", failures), null);
    }
}
