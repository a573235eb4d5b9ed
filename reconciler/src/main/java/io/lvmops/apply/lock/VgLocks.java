package io.lvmops.apply.lock;

import io.lvmops.model.Guard;
import io.lvmops.model.LockNode;
import io.lvmops.model.NodeSpec;
import io.lvmops.model.Spec;
import io.lvmops.model.VolumeGroupSpec;
import io.lvmops.transport.CommandStarter;
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
 * The VG locks of one apply, the CLI's and the daemon's alike: a {@link FlockVgLock} per VG, each on the VG's lock
 * node ({@link LockNode}: its {@code metadataNode}, else the first node in spec order, the rule the planner follows
 * too), taken in sorted VG order so that two applies wanting the same VGs never wait for each other in a circle.
 *
 * <p>There is no failover: if the lock node cannot be reached the lock is not taken and the apply does not run,
 * because another run that reaches it would lock it there, and both would write the VG's metadata.
 *
 * <p>A {@code guard: sanlock} VG gets no flock: lvmlockd's VG lock (taken by every LVM command that writes its
 * metadata, cluster-wide through sanlock) and its LV locks (no LV active on two nodes) are its lock.
 */
public final class VgLocks {
    private final Spec spec;
    private final TransportFactory transports;
    private final String lockDir;
    private final String holderInfo;
    private final Duration heartbeat;

    public VgLocks(Spec spec, TransportFactory transports, String lockDir, String holderInfo) {
        this(spec, transports, lockDir, holderInfo, FlockVgLock.DEFAULT_HEARTBEAT);
    }

    public VgLocks(Spec spec, TransportFactory transports, String lockDir, String holderInfo, Duration heartbeat) {
        this.spec = spec;
        this.transports = transports;
        this.lockDir = lockDir;
        this.holderInfo = holderInfo;
        this.heartbeat = heartbeat;
    }

    /** Locks taken together, released together by {@link #close()}. */
    public interface Held extends AutoCloseable {
        /**
         * Null while every lock is still held; else which one was lost and what that means. A lock lives exactly as
         * long as its channel and its heartbeat: if the connection to the lock's node dropped, the transport may
         * reconnect for the next step, but the lock is gone and another apply may already hold it. Asked before
         * every step (the apply engine's stop condition).
         */
        String lost();

        /** "vg0 on node1", one per lock, in the order taken. */
        default List<String> where() {
            return List.of();
        }

        @Override
        void close();

        /** Locks that cannot be lost (nothing node-side): for unit tests. */
        static Held of(Runnable release) {
            return new Held() {
                @Override
                public String lost() {
                    return null;
                }

                @Override
                public void close() {
                    release.run();
                }
            };
        }
    }

    /**
     * How the daemon's cycle takes its locks: {@link #every} in production (the CLI's locks, by the CLI's rule, over
     * the cycle's connections), a stand-in in its unit tests.
     */
    @FunctionalInterface
    public interface Taker {
        Held acquire(Spec spec, TransportFactory nodes) throws VgLockException;
    }

    /** Takes the lock of every VG of the spec, as {@code lvmops apply SPEC} does. */
    public static Taker every(String lockDir, String holderInfo, Duration timeout) {
        return (spec, nodes) -> new VgLocks(spec, nodes, lockDir, holderInfo).acquire(allVgs(spec), timeout);
    }

    /** No node-side lock: for unit tests. */
    public static final Taker NONE = (spec, nodes) -> Held.of(() -> { });

    public static TreeSet<String> allVgs(Spec spec) {
        return new TreeSet<>(spec.volumeGroups().stream().map(VolumeGroupSpec::name).toList());
    }

    private static final class Taken implements Held {
        private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
        private final List<String> where = new ArrayList<>();
        private final Map<String, FlockVgLock.Held> holders = new LinkedHashMap<>();

        @Override
        public String lost() {
            for (Map.Entry<String, FlockVgLock.Held> e : holders.entrySet()) {
                String why = e.getValue().lost();
                if (why != null) {
                    return "the lock of " + e.getKey() + " was lost (" + why + "): stopped before the next step; "
                            + "what ran is safe, run apply again";
                }
            }
            return null;
        }

        @Override
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
        Taken held = new Taken();
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

    private void acquireOne(String vg, Duration timeout, Taken held) throws VgLockException {
        VolumeGroupSpec spec = this.spec.volumeGroup(vg).orElse(null);
        if (spec == null || spec.guard() == Guard.SANLOCK) {
            return; // not ours to lock, or lvmlockd's VG lock guards it (see the class comment)
        }
        String lockNode = LockNode.of(this.spec, spec);
        NodeSpec node = this.spec.node(lockNode).orElseThrow(() -> new IllegalStateException(
                "lock node " + lockNode + " of " + vg + " is not a node of the spec"));
        Transport transport;
        try {
            transport = transports.open(node);
        } catch (TransportException e) {
            throw new VgLockException(unreachable(vg, lockNode, e.getMessage()), null);
        }
        if (!(transport instanceof CommandStarter starter)) {
            transport.close();
            throw new IllegalStateException("the transport of node " + lockNode + " cannot hold a lock");
        }
        FlockVgLock.Held lock;
        try {
            lock = new FlockVgLock(starter, lockDir, holderInfo, heartbeat).acquire(vg, timeout);
        } catch (VgLockException e) {
            transport.close();
            throw e.holder() != null ? e : new VgLockException(unreachable(vg, lockNode, e.getMessage()), null);
        }
        held.toClose.push(transport::close);
        held.toClose.push(lock);
        held.where.add(vg + " on " + lockNode);
        held.holders.put("VG " + vg + " on " + lockNode, lock);
    }

    private static String unreachable(String vg, String lockNode, String why) {
        return "cannot take the lock of VG " + vg + " on its lock node " + lockNode + ": " + why + "; no other "
                + "node stands in (no metadata change of " + vg + " runs anywhere else)";
    }
}
