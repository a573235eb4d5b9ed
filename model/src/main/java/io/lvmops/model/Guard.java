package io.lvmops.model;

/** How LVM itself refuses to activate a VG's LVs on a node that does not own them. */
public enum Guard {
    /** Owner tags plus activation/volume_list and autoactivation off (no extra daemons). The default. */
    TAGS,
    /** lvmlockd + sanlock leases on the LUN itself ({@code vgcreate --shared}, {@code lvchange -aey}). */
    SANLOCK,
    /** Only the reconciler's ordering protects the LVs. */
    NONE;

    public String specName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
