package io.lvmops.daemon;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CycleRunnerTest {
    private final DaemonState state = new DaemonState();
    private final DaemonMetrics metrics = new DaemonMetrics();
    private final SuspendSwitch suspend = SuspendSwitch.inMemory();
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(60));

    private CycleRunner runner(ReconcileCycle cycle, Notifier notifier, Mode mode) {
        return new CycleRunner(cycle, RunLock.inProcess(), state, metrics, notifier, suspend, mode,
                Map.of(JobKind.DRIFT, BACKOFF, JobKind.SYNC, BACKOFF), Clock.systemUTC(), new Random(3));
    }

    @Test
    void failuresBackOffExponentiallyToTheCapAndRecover() throws Exception {
        FakeCycle cycle = new FakeCycle().drift(new IOException("node1: connection refused"))
                .drift(new IOException("again")).drift(new IOException("again")).drift(new IOException("again"))
                .drift(FakeCycle.clean("vg0/lv01", "node1"));
        CycleRunner runner = runner(cycle, Notifier.NONE, Mode.REPORT);
        assertThat(List.of(runner.run(JobKind.DRIFT), runner.run(JobKind.DRIFT), runner.run(JobKind.DRIFT),
                runner.run(JobKind.DRIFT), runner.run(JobKind.DRIFT))).containsExactly(Duration.ofSeconds(20),
                Duration.ofSeconds(40), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(10));
        assertThat(state.failures(JobKind.DRIFT)).isZero();
        assertThat(state.snapshot(false, Mode.REPORT).lastRuns().get("drift").outcome()).isEqualTo("ok");
    }

    @Test
    void suspendStopsCorrectionsButNotObservation() throws Exception {
        FakeCycle cycle = new FakeCycle();
        CycleRunner runner = runner(cycle, Notifier.NONE, Mode.CORRECT);
        runner.run(JobKind.DRIFT);
        suspend.set(true);
        runner.run(JobKind.DRIFT);
        runner.run(JobKind.SYNC);
        suspend.set(false);
        runner.run(JobKind.DRIFT);
        assertThat(List.copyOf(cycle.calls)).containsExactly("drift correct=true", "drift correct=false",
                "sync correct=false", "drift correct=true");
        CycleRunner report = runner(cycle, Notifier.NONE, Mode.REPORT);
        cycle.calls.clear();
        report.run(JobKind.DRIFT);
        assertThat(List.copyOf(cycle.calls)).containsExactly("drift correct=false");
    }

    @Test
    void metricsShowTheDoubleActivationGaugeGoingOneToZeroAndFailedApplies() throws Exception {
        FakeCycle cycle = new FakeCycle().drift(FakeCycle.doubleActive("vg0/lv01", "node1", "node2"))
                .drift(FakeCycle.clean("vg0/lv01", "node1")).sync(FakeCycle.applyFailed());
        CycleRunner runner = runner(cycle, Notifier.NONE, Mode.CORRECT);
        runner.run(JobKind.DRIFT);
        assertThat(metrics.scrape()).contains("lvmops_lvs_active_on_multiple_nodes 1.0")
                .contains("lvmops_drift_items 1.0");
        runner.run(JobKind.DRIFT);
        runner.run(JobKind.SYNC);
        String text = metrics.scrape();
        assertThat(text).contains("lvmops_lvs_active_on_multiple_nodes 0.0").contains("lvmops_drift_items 0.0")
                .contains("lvmops_apply_failures_total 1.0")
                .contains("lvmops_run_duration_seconds_count{job=\"drift\",outcome=\"ok\"} 1")
                .contains("lvmops_run_duration_seconds_count{job=\"sync\",outcome=\"apply_failed\"} 1")
                .containsPattern("lvmops_last_success_timestamp_seconds\\{job=\"drift\"} [1-9]")
                .contains("lvmops_last_success_timestamp_seconds{job=\"sync\"} 0.0");
    }

    @Test
    void appliedRevisionOnlyAfterASuccessfulApply() throws Exception {
        CycleResult applied = new CycleResult("main@sha1:abc", true, List.of(), List.of(), 2, 2, null, true,
                List.of(), List.of());
        FakeCycle cycle = new FakeCycle().sync(FakeCycle.applyFailed()).sync(applied);
        CycleRunner runner = runner(cycle, Notifier.NONE, Mode.CORRECT);
        runner.run(JobKind.SYNC);
        assertThat(state.appliedRevision()).isNull();
        assertThat(state.snapshot(false, Mode.CORRECT).lastRuns().get("sync").message())
                .isEqualTo("lvchange -an vg0/lv01 on node2: exit 5");
        runner.run(JobKind.SYNC);
        assertThat(state.appliedRevision()).isEqualTo("main@sha1:abc");
        assertThat(state.snapshot(false, Mode.CORRECT).lastRuns().get("sync").outcome()).isEqualTo("applied");
    }

    @Test
    void webhooksAreRetriedAndSentOncePerNewFinding() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(2);
             WebhookNotifier notifier = new WebhookNotifier(List.of(receiver.url()), 4, Duration.ofMillis(50),
                     "test", Clock.systemUTC())) {
            FakeCycle cycle = new FakeCycle().drift(FakeCycle.doubleActive("vg0/lv01", "node1", "node2"))
                    .drift(FakeCycle.doubleActive("vg0/lv01", "node1", "node2")).sync(FakeCycle.applyFailed());
            CycleRunner runner = runner(cycle, notifier, Mode.REPORT);
            runner.run(JobKind.DRIFT);
            runner.run(JobKind.DRIFT); // the same drift again: no second notification
            runner.run(JobKind.SYNC);
            String first = receiver.next(10);
            String second = receiver.next(10);
            String third = receiver.next(10);
            assertThat(first).startsWith("application/json {\"event\":\"drift_found\"")
                    .contains("\"source\":\"test\"").contains("\"subject\":\"vg0/lv01\"");
            assertThat(second).startsWith("application/json {\"event\":\"double_activation_found\"")
                    .contains("\"lvs\":[\"vg0/lv01\"]");
            assertThat(third).startsWith("application/json {\"event\":\"apply_failed\"")
                    .contains("\"failure\":\"lvchange -an vg0/lv01 on node2: exit 5\"");
            assertThat(receiver.next(1)).isNull();
            // two 503s before the first delivery: retried
            assertThat(receiver.requests.get()).isEqualTo(5);
        }
    }

    @Test
    void webhookUrlsAreLoggedWithoutTheirPathWhichMayHoldAToken() {
        assertThat(WebhookNotifier.redact(java.net.URI.create("https://hooks.slack.com/services/T0/B0/XYZ")))
                .isEqualTo("https://hooks.slack.com/…");
    }
}
