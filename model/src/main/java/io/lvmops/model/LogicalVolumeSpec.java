package io.lvmops.model;

/**
 * A logical volume with exactly one owner node: the only node on which it may ever be active.
 *
 * @param filesystem null for a raw LV
 */
public record LogicalVolumeSpec(String name, String vg, Size size, String owner, FilesystemSpec filesystem, LvState state) {
    public LogicalVolumeSpec {
        Names.require(Names.lvNameProblem(name));
        Names.require(Names.vgNameProblem(vg));
        Names.require(Names.lvInVgProblem(vg, name));
        if (size == null) {
            throw new IllegalArgumentException("size is required");
        }
        Names.require(Names.nodeNameProblem(owner));
        state = state == null ? LvState.PRESENT : state;
    }

    /** {@code vg/lv}, as LVM names it on the command line. */
    public String fullName() {
        return vg + "/" + name;
    }

    public boolean present() {
        return state == LvState.PRESENT;
    }

    public LogicalVolumeSpec withOwner(String newOwner) {
        return new LogicalVolumeSpec(name, vg, size, newOwner, filesystem, state);
    }

    public LogicalVolumeSpec withSize(Size newSize) {
        return new LogicalVolumeSpec(name, vg, newSize, owner, filesystem, state);
    }

    public LogicalVolumeSpec withState(LvState newState) {
        return new LogicalVolumeSpec(name, vg, size, owner, filesystem, newState);
    }
}
