package io.lvmops.model;

import java.util.List;

/**
 * @param extentSize   physical extent size for vgcreate; null for LVM's default
 * @param metadataNode the node that holds this VG's lock and runs its metadata changes; null for the first node
 *                     in spec order ({@link LockNode})
 */
public record VolumeGroupSpec(String name, List<String> devices, Size extentSize, Guard guard, String metadataNode) {
    public VolumeGroupSpec {
        Names.require(Names.vgNameProblem(name));
        devices = List.copyOf(devices == null ? List.of() : devices);
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("a volume group needs at least one device");
        }
        guard = guard == null ? Guard.TAGS : guard;
    }
}
