package io.lvmops.daemon;

import io.lvmops.apply.lock.FlockVgLock;
import io.lvmops.model.Spec;
import io.lvmops.model.VolumeGroupSpec;
import io.lvmops.observe.FleetObservation;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import io.lvmops.transport.TransportFactory;

/** The per-VG locks an apply takes (the same lock as the CLI's apply), released together. */
@FunctionalInterface
public interface VgLocks {

    /** Locks taken together; released together by {@link #close()}. */
    interface Held extends AutoCloseable {
        /** Null while every lock is still held; else which one was lost (its channel ended) and what that means. */
        String lost();

        @Override
        void close();

        /** Locks that cannot be lost (nothing node-side): for unit tests and {@link #NONE}. */
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

    /** Takes the lock of every VG of the spec, in name order (so that two appliers cannot deadlock). */
    Held acquire(Spec spec, FleetObservation observation) throws Exception;

    /** No node-side lock (only the daemon's own run lock): for unit tests. */
    VgLocks NONE = (spec, observation) -> Held.of(() -> { });

    /**
     * The CLI apply's {@link io.lvmops.apply.lock.VgLocks}: a {@code flock} on each VG's metadata node held through
     * an SSH channel, released when the channel closes (or the daemon dies). Every VG of the spec is locked.
     */
    static VgLocks flock(TransportFactory transports, String holderInfo, Duration timeout) {
        return (spec, observation) -> {
            Set<String> vgs = new TreeSet<>(spec.volumeGroups().stream().map(VolumeGroupSpec::name).toList());
            io.lvmops.apply.lock.VgLocks.Held held = new io.lvmops.apply.lock.VgLocks(spec, transports,
                    FlockVgLock.DEFAULT_DIR, holderInfo).acquire(vgs, timeout);
            return new Held() {
                @Override
                public String lost() {
                    try {
                        held.requireAlive();
                        return null;
                    } catch (io.lvmops.apply.lock.VgLocks.VgLockLostException e) {
                        return e.getMessage();
                    }
                }

                @Override
                public void close() {
                    held.close();
                }
            };
        };
    }
}
