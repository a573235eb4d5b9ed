package io.lvmops.plan.step;

import java.util.List;

public record LvExtend(String node, String vg, String lv, long sizeBytes, String reason) implements Step {
    @Override
    public Action action() {
        return Action.CHANGE;
    }

    @Override
    public List<String> argv() {
        return LvmCommands.lvextend(vg, lv, sizeBytes);
    }
}
