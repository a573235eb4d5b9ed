package io.lvmops.plan.step;

import java.util.List;

/**
 * @param extentSizeBytes   null for LVM's default extent size
 * @param autoactivationOff whether the node's LVM supports (>= 2.03.12) {@code --setautoactivation n}
 * @param shared            lvmlockd/sanlock VG ({@code guard: sanlock})
 */
public record VgCreate(String node, String vg, List<String> devices, Long extentSizeBytes, boolean autoactivationOff,
                       boolean shared, String reason) implements Step {
    public VgCreate {
        devices = List.copyOf(devices);
    }

    @Override
    public Action action() {
        return Action.CREATE;
    }

    @Override
    public List<String> argv() {
        return LvmCommands.vgcreate(vg, devices, extentSizeBytes, autoactivationOff, shared);
    }
}
