package io.lvmops.plan.step;

import java.util.List;

public record LvAutoactivationOff(String node, String vg, String lv, String reason) implements Step {
    @Override
    public Action action() {
        return Action.CHANGE;
    }

    @Override
    public List<String> argv() {
        return LvmCommands.lvAutoactivationOff(vg, lv);
    }
}
