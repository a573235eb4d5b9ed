package io.lvmops.plan.step;

import java.util.List;

/** Activates on the owner only; {@code -aey} for lvmlockd/sanlock VGs so that LVM itself refuses a second node. */
public record Activate(String node, String vg, String lv, boolean exclusive, String reason) implements Step {
    @Override
    public Action action() {
        return Action.CHANGE;
    }

    @Override
    public List<String> argv() {
        return LvmCommands.activate(vg, lv, exclusive);
    }
}
