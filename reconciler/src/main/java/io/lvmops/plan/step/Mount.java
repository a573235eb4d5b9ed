package io.lvmops.plan.step;

import io.lvmops.model.FsType;

import java.util.List;

/** Mounts on the owner. Not written to fstab: at boot the LV is inactive (autoactivation off) by design. */
public record Mount(String node, String vg, String lv, FsType fsType, String mountPoint, String reason)
        implements Step {
    @Override
    public Action action() {
        return Action.CREATE;
    }

    @Override
    public List<String> argv() {
        return List.of("mount", "-t", fsType.specName(), LvmCommands.lvPath(vg, lv), mountPoint);
    }
}
