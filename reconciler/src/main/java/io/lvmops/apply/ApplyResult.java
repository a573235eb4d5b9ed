package io.lvmops.apply;

import java.util.List;

/**
 * What an apply did: the steps that succeeded, in plan order, the failure that stopped it (null when no step
 * failed), and why it was stopped before its end without a failure (null unless its stop condition said so). The
 * caller decides what that means for its exit code.
 */
public record ApplyResult(List<StepOutcome> completed, StepFailure failure, int totalSteps, String stopped) {
    public ApplyResult {
        completed = List.copyOf(completed);
    }

    public ApplyResult(List<StepOutcome> completed, StepFailure failure, int totalSteps) {
        this(completed, failure, totalSteps, null);
    }

    public boolean succeeded() {
        return failure == null && stopped == null;
    }
}
