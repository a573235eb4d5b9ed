package io.lvmops.plan.step;

import java.util.List;

/**
 * Re-observes the node (through the observer, one round trip) and fails unless it is reachable and the LV is not
 * active there. Every deactivation on a non-owner is followed by one of these before the owner's activation.
 */
public record VerifyInactive(String node, String vg, String lv, String reason) implements Step {
    @Override
    public Action action() {
        return Action.VERIFY;
    }

    @Override
    public List<String> argv() {
        return List.of();
    }

    @Override
    public String commandLine() {
        return "(re-observe " + node + ") verify " + vg + "/" + lv + " is inactive";
    }
}
