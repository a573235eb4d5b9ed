package io.lvmops.plan;

import io.lvmops.plan.step.Step;

import java.util.List;

/**
 * What the apply will do, as data: the ordered steps, the drift found, what is blocked and why, the spec revision
 * the plan was made from (null when unknown) and the fingerprint of the observed state it was made against (apply
 * of a saved plan re-observes and refuses to run if the fingerprint changed).
 */
public record Plan(int formatVersion, String specRevision, String fingerprint, List<Step> steps, List<Drift> drift,
                   List<Blocked> blocked) {
    public static final int FORMAT_VERSION = 1;

    public Plan {
        steps = List.copyOf(steps);
        drift = List.copyOf(drift);
        blocked = List.copyOf(blocked);
    }

    public PlanSummary summary() {
        return PlanSummary.of(steps, blocked);
    }

    public boolean hasCritical() {
        return blocked.stream().anyMatch(b -> b.severity() == Severity.CRITICAL);
    }
}
