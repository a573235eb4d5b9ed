package io.lvmops.plan.step;

import java.util.List;

public record Deactivate(String node, String vg, String lv, String reason) implements Step {
    @Override
    public Action action() {
        return Action.CHANGE;
    }

    @Override
    public List<String> argv() {
        return LvmCommands.deactivate(vg, lv);
    }
}
