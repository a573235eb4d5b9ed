package io.lvmops.model;

import java.util.List;
import java.util.Optional;

/**
 * A whole, cross-checked storage spec (apiVersion lvmops/v1). Build one with {@code SpecLoader}, which reports
 * every problem with its file, line and column; this constructor only guarantees the shape.
 */
public record Spec(List<NodeSpec> nodes, List<DeviceSpec> devices, List<VolumeGroupSpec> volumeGroups,
                   List<LogicalVolumeSpec> logicalVolumes) {
    public static final String API_VERSION = "lvmops/v1";

    public Spec {
        nodes = List.copyOf(nodes == null ? List.of() : nodes);
        devices = List.copyOf(devices == null ? List.of() : devices);
        volumeGroups = List.copyOf(volumeGroups == null ? List.of() : volumeGroups);
        logicalVolumes = List.copyOf(logicalVolumes == null ? List.of() : logicalVolumes);
    }

    public Optional<NodeSpec> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public Optional<DeviceSpec> device(String name) {
        return devices.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    public Optional<VolumeGroupSpec> volumeGroup(String name) {
        return volumeGroups.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    public Optional<LogicalVolumeSpec> logicalVolume(String vg, String name) {
        return logicalVolumes.stream().filter(l -> l.vg().equals(vg) && l.name().equals(name)).findFirst();
    }

    public List<LogicalVolumeSpec> logicalVolumesOf(String vg) {
        return logicalVolumes.stream().filter(l -> l.vg().equals(vg)).toList();
    }

    public Spec withLogicalVolumes(List<LogicalVolumeSpec> lvs) {
        return new Spec(nodes, devices, volumeGroups, lvs);
    }

    public Spec withNodes(List<NodeSpec> newNodes) {
        return new Spec(newNodes, devices, volumeGroups, logicalVolumes);
    }
}
