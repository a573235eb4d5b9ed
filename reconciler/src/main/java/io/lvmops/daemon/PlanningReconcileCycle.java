package io.lvmops.daemon;

import io.lvmops.apply.ApplyEngine;
import io.lvmops.apply.ApplyListener;
import io.lvmops.apply.ApplyResult;
import io.lvmops.apply.StepFailure;
import io.lvmops.apply.lock.VgLocks;
import io.lvmops.observe.FleetObservation;
import io.lvmops.observe.FleetObserver;
import io.lvmops.observe.NodeObserver;
import io.lvmops.plan.Plan;
import io.lvmops.plan.PlanOptions;
import io.lvmops.plan.ObservationFingerprint;
import io.lvmops.plan.Planner;
import io.lvmops.plan.step.Step;
import io.lvmops.transport.FleetExecutor;
import io.lvmops.transport.SharedTransports;
import io.lvmops.transport.TransportFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The real cycle: observe every node, plan with the CLI's planner and {@link PlanOptions#DEFAULT} (never destroy,
 * never assume a node fenced, never force a handover: blocked items stay blocked), and in correct mode apply the
 * plan with the CLI's apply engine under the VG locks. The sync run applies a new revision; the drift run plans
 * against the revision last fetched.
 */
public final class PlanningReconcileCycle implements ReconcileCycle {
    private static final Logger LOG = LoggerFactory.getLogger(PlanningReconcileCycle.class);

    private final SpecSource source;
    private final TransportFactory transports;
    private final NodeObserver observer;
    private final int parallelism;
    private final VgLocks.Taker locks;
    private volatile SpecSource.Revision target;
    private volatile boolean stop;

    public PlanningReconcileCycle(SpecSource source, TransportFactory transports, NodeObserver observer,
                                  int parallelism, VgLocks.Taker locks) {
        this.source = source;
        this.transports = transports;
        this.observer = observer;
        this.parallelism = parallelism;
        this.locks = locks;
    }

    @Override
    public CycleResult driftCheck(boolean correct) throws Exception {
        SpecSource.Revision r = target;
        if (r == null) {
            r = source.fetch();
            target = r;
        }
        return reconcile(r, false, correct);
    }

    @Override
    public CycleResult sync(boolean correct) throws Exception {
        SpecSource.Revision fetched = source.fetch();
        SpecSource.Revision previous = target;
        target = fetched;
        if (previous != null && previous.revision().equals(fetched.revision())) {
            return CycleResult.nothing(fetched.revision());
        }
        LOG.info("event=new_revision revision={} previous={}", fetched.revision(),
                previous == null ? null : previous.revision());
        return reconcile(fetched, true, correct);
    }

    private CycleResult reconcile(SpecSource.Revision r, boolean newRevision, boolean correct) throws Exception {
        // One connection per node for the whole cycle: observation, lock, re-observation, steps.
        try (SharedTransports nodes = new SharedTransports(transports)) {
            return reconcile(r, newRevision, correct, nodes);
        }
    }

    private FleetObservation observe(SpecSource.Revision r, TransportFactory nodes) {
        try (FleetExecutor executor = new FleetExecutor(nodes, parallelism)) {
            return new FleetObserver(executor, observer, java.time.Clock.systemUTC()).observe(r.spec());
        }
    }

    private CycleResult reconcile(SpecSource.Revision r, boolean newRevision, boolean correct, TransportFactory nodes)
            throws Exception {
        FleetObservation observation = observe(r, nodes);
        Plan plan = Planner.plan(r.spec(), r.revision(), observation, PlanOptions.DEFAULT);
        CycleResult seen = ObservationFindings.observed(r.revision(), newRevision, r.spec(), observation);
        List<CycleResult.Finding> drift = merge(plan.drift().stream()
                .map(d -> new CycleResult.Finding(d.subject(), d.node(), d.message())).toList(), seen.drift());
        List<CycleResult.Finding> blocked = plan.blocked().stream()
                .map(b -> new CycleResult.Finding(b.subject(), b.node(), b.severity() + ": " + b.reason())).toList();
        int applied = 0;
        String failure = null;
        boolean done = plan.steps().isEmpty() && plan.blocked().isEmpty();
        if (correct && !plan.steps().isEmpty()) {
            LOG.info("event=apply_started revision={} steps={} blocked={}", r.revision(), plan.steps().size(),
                    plan.blocked().size());
            try (VgLocks.Held held = locks.acquire(r.spec(), nodes)) {
                // The plan was made before the lock: another apply (a person's lvmops apply, another daemon) may
                // have changed the nodes since. Apply only a plan made from what the nodes show under the lock.
                FleetObservation locked = observe(r, nodes);
                Plan current = ObservationFingerprint.of(locked).equals(plan.fingerprint()) ? plan
                        : Planner.plan(r.spec(), r.revision(), locked, PlanOptions.DEFAULT);
                if (current != plan) {
                    LOG.info("event=replanned_under_lock revision={} steps={}", r.revision(), current.steps().size());
                }
                // Asked before every step: a shutdown, or a VG lock lost with its SSH channel (the steps' own
                // connection may have been re-opened meanwhile), stops the apply between two steps. The planner
                // orders every deactivation and its verification before the activation that depends on it, so
                // stopping early is as safe as a failure.
                ApplyResult result = new ApplyEngine(r.spec(), nodes, observer, new LoggingListener(), parallelism)
                        .apply(current, () -> stop ? "the daemon is shutting down" : held.lost());
                applied = result.completed().size();
                failure = result.succeeded() ? null : describe(result);
            }
            done = failure == null && plan.blocked().isEmpty();
        }
        return new CycleResult(r.revision(), newRevision, drift, blocked, plan.steps().size(), applied, failure,
                done, seen.placement(), seen.doubleActive());
    }

    private static List<CycleResult.Finding> merge(List<CycleResult.Finding> a, List<CycleResult.Finding> b) {
        Set<CycleResult.Finding> all = new LinkedHashSet<>(a);
        Set<String> keys = new LinkedHashSet<>();
        a.forEach(f -> keys.add(f.subject() + "@" + f.node()));
        for (CycleResult.Finding f : b) {
            if (keys.add(f.subject() + "@" + f.node())) {
                all.add(f);
            }
        }
        return new ArrayList<>(all);
    }

    private static String describe(ApplyResult result) {
        if (result.failure() == null) {
            return "stopped between two steps (" + result.stopped() + "), after " + result.completed().size()
                    + " of " + result.totalSteps();
        }
        StepFailure f = result.failure();
        return "step " + (f.index() + 1) + " on " + f.step().node() + " (" + f.commandLine() + "): " + f.message()
                + (f.exitCode() == null ? "" : ", exit " + f.exitCode())
                + (f.stderr() == null || f.stderr().isBlank() ? "" : ": " + f.stderr().strip());
    }

    @Override
    public void requestStop() {
        stop = true;
    }

    /** One log line per step applied; never anything but the step's own argv (which holds no secret). */
    private final class LoggingListener implements ApplyListener {
        @Override
        public void started(int index, int total, Step step) {
        }

        @Override
        public void succeeded(int index, int total, Step step, Duration duration) {
            LOG.info("event=step_applied step={}/{} node={} action={} command=\"{}\" duration_ms={}", index + 1, total,
                    step.node(), step.action(), CycleRunner.oneLine(step.commandLine()), duration.toMillis());
        }

        @Override
        public void failed(StepFailure failure, Duration duration) {
            LOG.warn("event=step_failed step={} node={} command=\"{}\" exit={} duration_ms={} reason=\"{}\"",
                    failure.index() + 1, failure.step().node(), CycleRunner.oneLine(failure.commandLine()),
                    failure.exitCode(), duration.toMillis(), CycleRunner.oneLine(failure.message() + " "
                            + (failure.stderr() == null ? "" : failure.stderr())));
        }
    }
}
