package io.lvmops.plan.step;

import java.util.List;

public record Umount(String node, String vg, String lv, String mountPoint, String reason) implements Step {
    @Override
    public Action action() {
        return Action.CHANGE;
    }

    @Override
    public List<String> argv() {
        return List.of("umount", mountPoint);
    }
}
