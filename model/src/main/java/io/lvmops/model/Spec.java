package io.lvmops.model;

import java.util.List;
import java.util.Optional;

/**
 * A whole, cross-checked storage spec (apiVersion lvmops/v1). Build one with {@code SpecLoader}, which reports
 * every problem with its file, line and column; this constructor only guarantees the shape.
 */
public record Spec(List<NodeSpec> nodes, List<DeviceSpec> devices, List<VolumeGroupSpec> volumeGroups,
                   List<LogicalVolumeSpec> logicalVolumes, List<String> retiredNodes) {
    public static final String API_VERSION = "lvmops/v1";

    /**
     * @param retiredNodes nodes removed from the fleet for good (powered off or cut off from the storage): an owner
     *                     tag naming one is no longer "possibly active there"
     */
    public Spec {
        retiredNodes = List.copyOf(retiredNodes == null ? List.of() : retiredNodes);
        for (String r : retiredNodes) {
            Names.require(Names.nodeNameProblem(r));
        }
        nodes = List.copyOf(nodes == null ? List.of() : nodes);
        devices = List.copyOf(devices == null ? List.of() : devices);
        volumeGroups = List.copyOf(volumeGroups == null ? List.of() : volumeGroups);
        logicalVolumes = List.copyOf(logicalVolumes == null ? List.of() : logicalVolumes);
    }

    public Spec(List<NodeSpec> nodes, List<DeviceSpec> devices, List<VolumeGroupSpec> volumeGroups,
                List<LogicalVolumeSpec> logicalVolumes) {
        this(nodes, devices, volumeGroups, logicalVolumes, List.of());
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
        return new Spec(nodes, devices, volumeGroups, lvs, retiredNodes);
    }

    public Spec withNodes(List<NodeSpec> newNodes) {
        return new Spec(newNodes, devices, volumeGroups, logicalVolumes, retiredNodes);
    }
}
