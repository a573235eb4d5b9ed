package io.lvmops.plan;

import io.lvmops.plan.step.Step;

import java.util.List;
import java.util.Optional;

/**
 * A saved plan is a proposal, not a program: {@code apply PLAN.json} re-plans under the lock from the same spec
 * revision, the fresh observation and the options saved with the plan, and runs only if the steps are identical
 * (same records, so the same argv; the same order, so the same order constraints, which {@link StepGraph} derives
 * from the steps alone). A step added, changed or moved in the file, or an option flipped, shows up here.
 */
public final class SavedPlanCheck {
    private SavedPlanCheck() {
    }

    /** The first difference between the file's steps and the fresh plan's, in words; empty when identical. */
    public static Optional<String> firstDifference(List<Step> inFile, List<Step> fresh) {
        int n = Math.max(inFile.size(), fresh.size());
        for (int i = 0; i < n; i++) {
            Step a = i < inFile.size() ? inFile.get(i) : null;
            Step b = i < fresh.size() ? fresh.get(i) : null;
            if (a == null || !a.equals(b)) {
                boolean sameCommand = a != null && b != null && show(a).equals(show(b));
                return Optional.of("step " + (i + 1) + " differs: the plan file has " + (sameCommand ? a : show(a))
                        + ", the spec and the nodes give " + (sameCommand ? b : show(b)));
            }
        }
        return Optional.empty();
    }

    private static String show(Step step) {
        return step == null ? "(none)" : "'" + step.node() + ": " + step.commandLine() + "'";
    }
}
