package io.lvmops.model.load;

import io.lvmops.model.DeviceSpec;
import io.lvmops.model.LogicalVolumeSpec;
import io.lvmops.model.NodeSpec;
import io.lvmops.model.VolumeGroupSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * What the binder read from all files, in merge order, with the marks the cross-checks need. A spec record is null
 * when the element had a problem of its own; its name is kept so that references to it do not cascade into errors.
 */
final class Entries {
    record NodeEntry(Located<String> name, NodeSpec spec) {
    }

    record DeviceEntry(Located<String> name, Located<String> path, DeviceSpec spec) {
    }

    record VgEntry(Located<String> name, List<Located<String>> devices, Located<String> metadataNode,
                   VolumeGroupSpec spec) {
    }

    record LvEntry(Located<String> name, Located<String> vg, Located<String> owner, Located<String> mountPoint,
                   boolean present, LogicalVolumeSpec spec) {
    }

    final List<NodeEntry> nodes = new ArrayList<>();
    final List<DeviceEntry> devices = new ArrayList<>();
    final List<VgEntry> volumeGroups = new ArrayList<>();
    final List<LvEntry> logicalVolumes = new ArrayList<>();
    final List<Located<String>> retiredNodes = new ArrayList<>();
}
