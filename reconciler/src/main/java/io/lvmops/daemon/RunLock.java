package io.lvmops.daemon;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The one lock the sync and drift jobs share, because both touch the same nodes: Quartz's
 * {@code @DisallowConcurrentExecution} only keeps each job from overlapping with itself.
 */
public interface RunLock {

    /** Blocks until this run holds the lock; closing the handle releases it. */
    Handle acquire() throws Exception;

    interface Handle extends AutoCloseable {
        @Override
        void close();
    }

    /** RAM job store: one daemon, one JVM. */
    static RunLock inProcess() {
        ReentrantLock lock = new ReentrantLock(true);
        return () -> {
            lock.lockInterruptibly();
            return lock::unlock;
        };
    }
}
