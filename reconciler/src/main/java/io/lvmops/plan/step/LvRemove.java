package io.lvmops.plan.step;

import java.util.List;

public record LvRemove(String node, String vg, String lv, String reason) implements Step {
    @Override
    public Action action() {
        return Action.DESTROY;
    }

    @Override
    public List<String> argv() {
        return LvmCommands.lvremove(vg, lv);
    }
}
