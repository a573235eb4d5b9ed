package io.lvmops.plan.step;

import java.util.List;

public record VgExtend(String node, String vg, String device, String reason) implements Step {
    @Override
    public Action action() {
        return Action.CHANGE;
    }

    @Override
    public List<String> argv() {
        return LvmCommands.vgextend(vg, device);
    }
}
