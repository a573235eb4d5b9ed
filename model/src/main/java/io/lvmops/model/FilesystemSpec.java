package io.lvmops.model;

/** A filesystem on an LV, mounted on the LV's owner only. */
public record FilesystemSpec(FsType type, String mountPoint) {
    public FilesystemSpec {
        if (type == null) {
            throw new IllegalArgumentException("filesystem type is required (ext4 or xfs)");
        }
        Names.require(PathRules.mountPointProblem(mountPoint));
    }
}
