package io.lvmops.apply;

import java.util.List;

/**
 * What an apply did: the steps that succeeded, in order, and the failure that stopped it (null when every step
 * succeeded). The caller decides what that means for its exit code.
 */
public record ApplyResult(List<StepOutcome> completed, StepFailure failure, int totalSteps) {
    public ApplyResult {
        completed = List.copyOf(completed);
    }

    public boolean succeeded() {
        return failure == null;
    }
}
