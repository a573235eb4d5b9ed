package io.lvmops.daemon;

import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.SchedulerStateRecord;

/**
 * Quartz's JDBC job store with a shorter failure detection. Quartz declares a member dead 7.5 s after it missed a
 * check-in, whatever the check-in interval; here the grace is one check-in interval, so that another daemon takes
 * over about two intervals after a crash. Declaring a slow but live member dead too early cannot make two runs
 * overlap: every run also holds the PostgreSQL advisory lock ({@link PostgresRunLock}), which only a dead session
 * loses.
 */
public class ClusteredJobStore extends JobStoreTX {
    @Override
    protected long calcFailedIfAfter(SchedulerStateRecord rec) {
        long sinceOwnCheckin = System.currentTimeMillis() - lastCheckin;
        return rec.getCheckinTimestamp() + Math.max(rec.getCheckinInterval(), sinceOwnCheckin)
                + getClusterCheckinInterval();
    }
}
