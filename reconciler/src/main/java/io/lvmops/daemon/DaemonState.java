package io.lvmops.daemon;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What {@code /status} shows: the last run of each job and the last observed drift, blocked items and placement. */
public final class DaemonState {
    private final Map<JobKind, RunRecord> lastRuns = new EnumMap<>(JobKind.class);
    private final Map<JobKind, Integer> failures = new EnumMap<>(JobKind.class);
    private String appliedRevision;
    private CycleResult lastObservation;
    private Instant lastObservationAt;
    private final java.util.function.Consumer<String> persist;
    private List<String> warnings = List.of();

    public DaemonState() {
        this(null, r -> { });
    }

    /**
     * @param applied the revision last applied (from the state file), or null
     * @param persist records a newly applied revision (the state file shown by {@code lvmops status})
     */
    public DaemonState(String applied, java.util.function.Consumer<String> persist) {
        this.appliedRevision = applied;
        this.persist = persist;
    }

    /** The JSON body of {@code /status}. */
    public record Snapshot(String appliedRevision, boolean suspended, String mode, Map<String, RunRecord> lastRuns,
                           Map<String, Integer> consecutiveFailures, String observedAt,
                           List<CycleResult.Finding> drift, List<CycleResult.Finding> blocked,
                           List<String> doubleActive, List<CycleResult.Placement> placement, List<String> warnings) {
    }

    /** What {@link StartWarnings} found in the configuration, shown in every snapshot. */
    public synchronized void warnings(List<String> configWarnings) {
        this.warnings = List.copyOf(configWarnings);
    }

    public synchronized void appliedRevision(String revision) {
        if (!revision.equals(appliedRevision)) {
            persist.accept(revision);
        }
        this.appliedRevision = revision;
    }

    public synchronized String appliedRevision() {
        return appliedRevision;
    }

    /** Records a run; returns the job's consecutive failures after it. */
    public synchronized int record(JobKind job, RunRecord run, boolean failed, CycleResult result) {
        lastRuns.put(job, run);
        int n = failed ? failures.getOrDefault(job, 0) + 1 : 0;
        failures.put(job, n);
        if (result != null && !result.placement().isEmpty()) {
            lastObservation = result;
            lastObservationAt = run.finished();
        }
        return n;
    }

    public synchronized int failures(JobKind job) {
        return failures.getOrDefault(job, 0);
    }

    public synchronized Snapshot snapshot(boolean suspended, Mode mode) {
        Map<String, RunRecord> runs = new java.util.LinkedHashMap<>();
        lastRuns.forEach((k, v) -> runs.put(k.label(), v));
        Map<String, Integer> fails = new java.util.LinkedHashMap<>();
        failures.forEach((k, v) -> fails.put(k.label(), v));
        CycleResult o = lastObservation;
        return new Snapshot(appliedRevision, suspended, mode.name().toLowerCase(java.util.Locale.ROOT), runs, fails,
                lastObservationAt == null ? null : lastObservationAt.toString(),
                o == null ? List.of() : o.drift(), o == null ? List.of() : o.blocked(),
                o == null ? List.of() : o.doubleActive(), o == null ? List.of() : o.placement(), warnings);
    }
}
