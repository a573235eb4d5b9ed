package io.lvmops.model;

public enum FsType {
    EXT4, XFS;

    public String specName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
