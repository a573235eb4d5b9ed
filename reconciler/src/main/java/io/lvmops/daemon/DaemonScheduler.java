package io.lvmops.daemon;

import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.spi.JobFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The Quartz scheduler of the daemon: the sync and drift jobs, each with one trigger. A trigger repeats at the job's
 * interval so that it survives a daemon that dies mid-run (another cluster member fires it); after every run the
 * job moves it to the delay the runner chose (jitter, backoff). Jobs request recovery: when a daemon dies during a
 * run, the member that notices re-runs the job at once.
 */
public final class DaemonScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonScheduler.class);
    static final String GROUP = "lvmops";

    private final Scheduler scheduler;
    private final Map<JobKind, Duration> intervals;
    private volatile boolean stopping;

    private DaemonScheduler(Scheduler scheduler, Map<JobKind, Duration> intervals) {
        this.scheduler = scheduler;
        this.intervals = Map.copyOf(intervals);
    }

    /** Creates (does not start) the scheduler; {@code quartz} are Quartz properties for the job store. */
    public static DaemonScheduler create(Properties quartz, CycleRunner runner, Map<JobKind, Duration> intervals)
            throws SchedulerException {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "lvmops");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        // two threads: a sync and a drift run may be due together; the run lock makes the second one wait
        p.setProperty("org.quartz.threadPool.threadCount", "2");
        p.setProperty("org.quartz.scheduler.interruptJobsOnShutdownWithWait", "false");
        p.putAll(quartz);
        StdSchedulerFactory factory = new StdSchedulerFactory(p);
        Scheduler s = factory.getScheduler();
        DaemonScheduler daemon = new DaemonScheduler(s, intervals);
        JobFactory jobs = (bundle, sched) -> {
            Class<?> c = bundle.getJobDetail().getJobClass();
            if (c == CycleJob.Sync.class) {
                return new CycleJob.Sync(runner, daemon);
            }
            if (c == CycleJob.Drift.class) {
                return new CycleJob.Drift(runner, daemon);
            }
            throw new SchedulerException("unknown job class " + c.getName());
        };
        s.setJobFactory(jobs);
        return daemon;
    }

    static JobKey jobKey(JobKind kind) {
        return new JobKey(kind.label(), GROUP);
    }

    static TriggerKey triggerKey(JobKind kind) {
        return new TriggerKey(kind.label(), GROUP);
    }

    /**
     * Adds the jobs unless another cluster member already did (first runs: sync now, drift right after), then
     * starts. A changed interval replaces the stored trigger.
     */
    public void start() throws SchedulerException {
        schedule(JobKind.SYNC, CycleJob.Sync.class, Duration.ZERO);
        schedule(JobKind.DRIFT, CycleJob.Drift.class, Duration.ofSeconds(1));
        scheduler.start();
    }

    private void schedule(JobKind kind, Class<? extends CycleJob> type, Duration firstIn) throws SchedulerException {
        JobDetail job = JobBuilder.newJob(type).withIdentity(jobKey(kind)).storeDurably().requestRecovery()
                .withDescription("lvmops " + kind.label()).build();
        Trigger trigger = trigger(kind, firstIn);
        try {
            if (!scheduler.checkExists(jobKey(kind))) {
                scheduler.scheduleJob(job, Set.of(trigger), false);
                return;
            }
        } catch (ObjectAlreadyExistsException raced) {
            // another daemon of the cluster added it at the same moment: keep its trigger
        }
        Trigger existing = scheduler.getTrigger(triggerKey(kind));
        if (existing == null) {
            scheduler.scheduleJob(trigger);
        } else if (existing instanceof org.quartz.SimpleTrigger st
                && st.getRepeatInterval() != intervals.get(kind).toMillis()) {
            scheduler.rescheduleJob(triggerKey(kind), trigger);
        }
    }

    private Trigger trigger(JobKind kind, Duration in) {
        return TriggerBuilder.newTrigger().withIdentity(triggerKey(kind)).forJob(jobKey(kind))
                .startAt(new Date(System.currentTimeMillis() + in.toMillis()))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(intervals.get(kind).toMillis()).repeatForever()
                        .withMisfireHandlingInstructionFireNow())
                .build();
    }

    /** Moves the job's trigger: next run in {@code delay}, then every interval unless moved again. */
    void runAgainIn(JobKind kind, Duration delay) {
        if (stopping) {
            return;
        }
        try {
            if (scheduler.rescheduleJob(triggerKey(kind), trigger(kind, delay)) == null) {
                scheduler.scheduleJob(trigger(kind, delay));
            }
        } catch (SchedulerException e) {
            // the trigger keeps its plain interval; the next run tries again
            LOG.warn("event=reschedule_failed job={} reason=\"{}\"", kind.label(), CycleRunner.oneLine(e.getMessage()));
        }
    }

    boolean stopping() {
        return stopping;
    }

    /** Runs the job now (tests, and {@code POST /run}). */
    public void triggerNow(JobKind kind) throws SchedulerException {
        scheduler.triggerJob(jobKey(kind));
    }

    public boolean running() {
        try {
            return scheduler.isStarted() && !scheduler.isShutdown();
        } catch (SchedulerException e) {
            return false;
        }
    }

    public String instanceId() {
        try {
            return scheduler.getSchedulerInstanceId();
        } catch (SchedulerException e) {
            return "?";
        }
    }

    /** Stops firing, waits for the running job (which stops between steps), and closes the store. */
    public void shutdown() {
        stopping = true;
        try {
            scheduler.shutdown(true);
        } catch (SchedulerException e) {
            LOG.warn("event=shutdown_failed reason=\"{}\"", CycleRunner.oneLine(e.getMessage()));
        }
    }
}
