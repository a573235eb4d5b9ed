package io.lvmops.plan;

import io.lvmops.plan.step.Step;

import java.util.List;

/** Counts of steps by action (verification steps are not counted) and of blocked items. */
public record PlanSummary(int add, int change, int destroy, int blocked) {

    public static PlanSummary of(List<Step> steps, List<Blocked> blocked) {
        int add = 0;
        int change = 0;
        int destroy = 0;
        for (Step step : steps) {
            switch (step.action()) {
                case CREATE -> add++;
                case CHANGE -> change++;
                case DESTROY -> destroy++;
                case VERIFY -> { }
            }
        }
        return new PlanSummary(add, change, destroy, blocked.size());
    }

    public boolean noChanges() {
        return add == 0 && change == 0 && destroy == 0 && blocked == 0;
    }

    /** {@code Plan: 3 to add, 1 to change, 0 to destroy, 0 blocked.} or {@code No changes.} */
    public String line() {
        if (noChanges()) {
            return "No changes.";
        }
        return "Plan: " + add + " to add, " + change + " to change, " + destroy + " to destroy, " + blocked + " blocked.";
    }
}
