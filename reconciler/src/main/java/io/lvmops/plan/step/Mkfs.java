package io.lvmops.plan.step;

import io.lvmops.model.FsType;

import java.util.List;

/** Makes a filesystem on an LV known to be blank (never forced: mkfs.xfs refuses an existing filesystem anyway). */
public record Mkfs(String node, String vg, String lv, FsType fsType, String reason) implements Step {
    @Override
    public Action action() {
        return Action.CREATE;
    }

    @Override
    public List<String> argv() {
        String device = LvmCommands.lvPath(vg, lv);
        return switch (fsType) {
            case EXT4 -> List.of("mkfs.ext4", "-q", device);
            case XFS -> List.of("mkfs.xfs", "-q", device);
        };
    }
}
