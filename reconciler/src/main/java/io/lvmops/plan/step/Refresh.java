package io.lvmops.plan.step;

import java.util.List;

/** Reloads an active LV's device-mapper table from metadata another node changed (e.g. after lvextend). */
public record Refresh(String node, String vg, String lv, String reason) implements Step {
    @Override
    public Action action() {
        return Action.CHANGE;
    }

    @Override
    public List<String> argv() {
        return LvmCommands.refresh(vg, lv);
    }
}
