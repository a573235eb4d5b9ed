package io.lvmops.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Runs one job under the shared run lock, records what happened (status, metrics, logs, notifications) and says
 * when the job should run next: its interval (with jitter) after a success, an exponentially longer delay after
 * consecutive failures, capped. The Quartz jobs are thin wrappers around this; it is tested without Quartz.
 */
public final class CycleRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CycleRunner.class);

    private final ReconcileCycle cycle;
    private final RunLock lock;
    private final DaemonState state;
    private final DaemonMetrics metrics;
    private final Notifier notifier;
    private final SuspendSwitch suspend;
    private final Mode mode;
    private final Map<JobKind, Backoff> backoffs;
    private final Clock clock;
    private final RandomGenerator random;
    /** What was last notified, so that the same drift is not sent again every interval. */
    private List<CycleResult.Finding> notifiedDrift = List.of();
    private List<String> notifiedDoubleActive = List.of();

    public CycleRunner(ReconcileCycle cycle, RunLock lock, DaemonState state, DaemonMetrics metrics,
                       Notifier notifier, SuspendSwitch suspend, Mode mode, Map<JobKind, Backoff> backoffs,
                       Clock clock, RandomGenerator random) {
        this.cycle = cycle;
        this.lock = lock;
        this.state = state;
        this.metrics = metrics;
        this.notifier = notifier;
        this.suspend = suspend;
        this.mode = mode;
        this.backoffs = Map.copyOf(backoffs);
        this.clock = clock;
        this.random = random;
    }

    public ReconcileCycle cycle() {
        return cycle;
    }

    /** Runs the job once and returns the delay until its next run. */
    public Duration run(JobKind job) throws InterruptedException {
        RunLock.Handle held;
        try {
            held = lock.acquire();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            Instant now = clock.instant();
            return finish(job, now, now, null, "cannot take the run lock: " + e.getMessage());
        }
        try {
            Instant start = clock.instant();
            CycleResult result = null;
            String error = null;
            try {
                boolean correct = mode == Mode.CORRECT && !suspend.suspended();
                LOG.info("event=run_started job={} correct={}", job.label(), correct);
                result = job == JobKind.SYNC ? cycle.sync(correct) : cycle.driftCheck(correct);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                error = e.getMessage() == null ? e.toString() : e.getMessage();
            }
            return finish(job, start, clock.instant(), result, error);
        } finally {
            held.close();
        }
    }

    private Duration finish(JobKind job, Instant start, Instant end, CycleResult result, String error) {
        String outcome = outcome(result, error);
        boolean failed = error != null || result.applyFailed();
        if (result != null && result.applied() && result.revision() != null) {
            state.appliedRevision(result.revision());
        }
        RunRecord record = new RunRecord(job.label(), start, end, outcome,
                result == null ? null : result.revision(), result == null ? 0 : result.drift().size(),
                result == null ? 0 : result.blocked().size(), result == null ? 0 : result.stepsApplied(),
                error != null ? error : result.applyFailure());
        int failures = state.record(job, record, failed, result);
        Duration took = Duration.between(start, end);
        metrics.run(job, outcome, took);
        if (result != null) {
            metrics.observed(result);
        }
        if (!failed) {
            metrics.succeeded(job, end);
        }
        Duration next = backoffs.get(job).next(failures, random);
        if (failed) {
            LOG.warn("event=run_failed job={} outcome={} duration_ms={} consecutive_failures={} next_in_ms={} "
                    + "reason=\"{}\"", job.label(), outcome, took.toMillis(), failures, next.toMillis(),
                    oneLine(record.message()));
        } else {
            LOG.info("event=run_finished job={} outcome={} duration_ms={} revision={} drift={} blocked={} "
                            + "steps_applied={} next_in_ms={}", job.label(), outcome, took.toMillis(),
                    record.revision(), record.drift(), record.blocked(), record.stepsApplied(), next.toMillis());
        }
        if (result != null) {
            for (CycleResult.Finding b : result.blocked()) {
                LOG.warn("event=blocked job={} subject={} node={} reason=\"{}\"", job.label(), b.subject(), b.node(),
                        oneLine(b.message()));
            }
            notifyAbout(job, result);
        }
        return next;
    }

    private void notifyAbout(JobKind job, CycleResult result) {
        if (result.applyFailed()) {
            metrics.applyFailed();
            notifier.notify(Notifier.APPLY_FAILED, details(job, result, Map.of("failure", result.applyFailure())));
        }
        if (!result.placement().isEmpty() || !result.drift().isEmpty()) {
            // an observing run: compare with what was last sent, so that a standing drift is notified once
            if (!result.drift().isEmpty() && !Objects.equals(result.drift(), notifiedDrift)) {
                notifier.notify(Notifier.DRIFT_FOUND, details(job, result, Map.of("drift", result.drift())));
            }
            notifiedDrift = result.drift();
            if (!result.doubleActive().isEmpty() && !Objects.equals(result.doubleActive(), notifiedDoubleActive)) {
                notifier.notify(Notifier.DOUBLE_ACTIVATION_FOUND,
                        details(job, result, Map.of("lvs", result.doubleActive())));
            }
            notifiedDoubleActive = result.doubleActive();
        }
    }

    private Map<String, Object> details(JobKind job, CycleResult result, Map<String, Object> extra) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("job", job.label());
        d.put("revision", result.revision());
        d.put("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
        d.putAll(extra);
        return d;
    }

    private static String outcome(CycleResult result, String error) {
        if (error != null) {
            return "error";
        }
        if (result.applyFailed()) {
            return "apply_failed";
        }
        if (result.stepsApplied() > 0 || result.applied() && result.newRevision()) {
            return result.newRevision() ? "applied" : "corrected";
        }
        if (!result.drift().isEmpty() || result.stepsPlanned() > 0) {
            return "drift";
        }
        return "ok";
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('"', '\'');
    }
}
