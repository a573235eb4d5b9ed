package io.lvmops.plan.step;

import java.util.List;

/** Stops udev from activating the VG's LVs at login or boot on every node (LVM >= 2.03.12). */
public record VgAutoactivationOff(String node, String vg, String reason) implements Step {
    @Override
    public Action action() {
        return Action.CHANGE;
    }

    @Override
    public List<String> argv() {
        return LvmCommands.vgAutoactivationOff(vg);
    }
}
