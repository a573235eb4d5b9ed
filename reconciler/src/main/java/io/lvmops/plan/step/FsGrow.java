package io.lvmops.plan.step;

import io.lvmops.model.FsType;

import java.util.List;

/** Grows a mounted filesystem online to fill its LV, on the owner (xfs_growfs takes the mount point). */
public record FsGrow(String node, String vg, String lv, FsType fsType, String mountPoint, String reason)
        implements Step {
    @Override
    public Action action() {
        return Action.CHANGE;
    }

    @Override
    public List<String> argv() {
        return switch (fsType) {
            case EXT4 -> List.of("resize2fs", LvmCommands.lvPath(vg, lv));
            case XFS -> List.of("xfs_growfs", mountPoint);
        };
    }
}
