package io.lvmops.plan.guard;

import io.lvmops.apply.ApplyEngine;
import io.lvmops.apply.ApplyResult;
import io.lvmops.apply.PrintingApplyListener;
import io.lvmops.model.Spec;
import io.lvmops.model.load.LoadedSpec;
import io.lvmops.model.load.SpecLoader;
import io.lvmops.observe.FleetObservation;
import io.lvmops.observe.FleetObserver;
import io.lvmops.observe.LvmNodeObserver;
import io.lvmops.plan.Plan;
import io.lvmops.plan.PlanOptions;
import io.lvmops.plan.Planner;
import io.lvmops.plan.render.TextRenderer;
import io.lvmops.transport.SshSettings;
import io.lvmops.transport.SshTransportFactory;
import io.lvmops.transport.TransportFactory;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Drives lvmops' own planner and apply engine against the lab over real SSH (what {@code lvmops apply} does). */
final class LabConverge {
    private final TransportFactory ssh = new SshTransportFactory(SshSettings.defaults());

    Spec load(Path specDir) {
        LoadedSpec loaded = SpecLoader.load(specDir);
        assertThat(loaded.errors()).as("spec errors").isEmpty();
        return loaded.spec();
    }

    FleetObservation observe(Spec spec) {
        return FleetObserver.observeOnce(spec, ssh, 4);
    }

    Plan plan(Spec spec, PlanOptions options) {
        Plan plan = Planner.plan(spec, observe(spec), options);
        System.out.println(new TextRenderer(false).render(plan));
        return plan;
    }

    /** Plans, prints, applies; fails the test on a blocked item or a failed step. Returns the applied plan. */
    Plan apply(Spec spec, PlanOptions options) {
        long t0 = System.nanoTime();
        Plan plan = plan(spec, options);
        assertThat(plan.blocked()).as("blocked items").isEmpty();
        ApplyResult result = new ApplyEngine(spec, ssh, new LvmNodeObserver(),
                new PrintingApplyListener(System.out, System.out)).apply(plan);
        assertThat(result.failure()).as("apply failure").isNull();
        System.out.printf("[guard-lab] plan+apply of %d steps took %.1f s%n", plan.steps().size(),
                (System.nanoTime() - t0) / 1e9);
        return plan;
    }
}
