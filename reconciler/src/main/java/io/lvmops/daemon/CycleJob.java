package io.lvmops.daemon;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/**
 * The Quartz side of a run: {@link CycleRunner} does the work, {@link DaemonScheduler} moves the job's trigger to
 * the time the runner asks for (interval + jitter, or backoff after a failure).
 */
public abstract sealed class CycleJob implements Job permits CycleJob.Sync, CycleJob.Drift {
    private final CycleRunner runner;
    private final DaemonScheduler scheduler;

    CycleJob(CycleRunner runner, DaemonScheduler scheduler) {
        this.runner = runner;
        this.scheduler = scheduler;
    }

    abstract JobKind kind();

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        if (scheduler.stopping()) {
            return; // SIGTERM arrived while this run was waiting for the lock: do not start it
        }
        try {
            scheduler.runAgainIn(kind(), runner.run(kind()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Fetch the spec; plan and apply a new revision. Never overlaps itself, cluster-wide. */
    @DisallowConcurrentExecution
    public static final class Sync extends CycleJob {
        Sync(CycleRunner runner, DaemonScheduler scheduler) {
            super(runner, scheduler);
        }

        @Override
        JobKind kind() {
            return JobKind.SYNC;
        }
    }

    /** Observe and plan; correct in mode correct. Never overlaps itself, cluster-wide. */
    @DisallowConcurrentExecution
    public static final class Drift extends CycleJob {
        Drift(CycleRunner runner, DaemonScheduler scheduler) {
            super(runner, scheduler);
        }

        @Override
        JobKind kind() {
            return JobKind.DRIFT;
        }
    }
}
