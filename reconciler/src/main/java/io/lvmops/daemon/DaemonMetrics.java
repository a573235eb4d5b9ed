package io.lvmops.daemon;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The daemon's Prometheus metrics ({@code /metrics}). */
public final class DaemonMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicLong driftItems = new AtomicLong();
    private final AtomicLong doubleActive = new AtomicLong();
    private final AtomicLong blocked = new AtomicLong();
    private final Map<JobKind, AtomicLong> lastSuccess = new EnumMap<>(JobKind.class);
    private final Counter failedApplies;

    public DaemonMetrics() {
        Gauge.builder("lvmops_drift_items", driftItems, AtomicLong::get)
                .description("Differences between the spec and the nodes found by the last observation")
                .register(registry);
        Gauge.builder("lvmops_lvs_active_on_multiple_nodes", doubleActive, AtomicLong::get)
                .description("LVs active on more than one node at the last observation").register(registry);
        Gauge.builder("lvmops_blocked_items", blocked, AtomicLong::get)
                .description("Plan items the daemon refuses to force").register(registry);
        failedApplies = Counter.builder("lvmops_apply_failures").description("Applies that stopped on a failed step")
                .register(registry);
        for (JobKind job : JobKind.values()) {
            AtomicLong at = new AtomicLong();
            lastSuccess.put(job, at);
            Gauge.builder("lvmops_last_success_timestamp_seconds", at, AtomicLong::get).tag("job", job.label())
                    .description("Unix time of the job's last successful run (0: never)").register(registry);
        }
    }

    public void run(JobKind job, String outcome, Duration took) {
        Timer.builder("lvmops_run_duration").tag("job", job.label()).tag("outcome", outcome)
                .description("Duration of the daemon's runs").register(registry).record(took);
    }

    public void observed(CycleResult result) {
        if (result.placement().isEmpty() && result.drift().isEmpty() && result.blocked().isEmpty()) {
            return; // the run did not observe (a sync without a new revision)
        }
        driftItems.set(result.drift().size());
        doubleActive.set(result.doubleActive().size());
        blocked.set(result.blocked().size());
    }

    public void applyFailed() {
        failedApplies.increment();
    }

    public void succeeded(JobKind job, Instant at) {
        lastSuccess.get(job).set(at.getEpochSecond());
    }

    public String scrape() {
        return registry.scrape();
    }
}
