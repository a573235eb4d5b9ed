package io.lvmops.observe;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Optional;

/**
 * One node's live state. An unreachable node has {@code reachable == false}, its {@code error}, and empty lists
 * that mean "unknown", never "nothing there": the planner must treat every LV as possibly active on it.
 *
 * @param devices  the spec's device paths and each managed LV's path, probed for presence and signatures
 * @param dmDevices device-mapper devices present on the node (name, uuid, open count)
 * @param warnings what LVM and the other tools said on stderr, kept for the operator
 * @param lvmConfig the guard-relevant LVM configuration; null when unknown (unreachable, or not reported)
 * @param dmError   why device-mapper could not be read on this reachable node (its devices are then unknown, never
 *                  "none"); null when it was read
 */
public record NodeObservation(String node, boolean reachable, String error, String hostname, String lvmVersion,
                              List<ObservedPv> pvs, List<ObservedVg> vgs, List<ObservedLv> lvs,
                              List<IscsiSession> iscsiSessions, List<MountEntry> mounts, List<DeviceProbe> devices,
                              List<DmDevice> dmDevices, List<String> warnings, NodeLvmConfig lvmConfig,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String dmError) {
    public NodeObservation {
        pvs = List.copyOf(pvs == null ? List.of() : pvs);
        vgs = List.copyOf(vgs == null ? List.of() : vgs);
        lvs = List.copyOf(lvs == null ? List.of() : lvs);
        iscsiSessions = List.copyOf(iscsiSessions == null ? List.of() : iscsiSessions);
        mounts = List.copyOf(mounts == null ? List.of() : mounts);
        devices = List.copyOf(devices == null ? List.of() : devices);
        dmDevices = List.copyOf(dmDevices == null ? List.of() : dmDevices);
        warnings = List.copyOf(warnings == null ? List.of() : warnings);
    }

    /** Device-mapper read. */
    public NodeObservation(String node, boolean reachable, String error, String hostname, String lvmVersion,
                           List<ObservedPv> pvs, List<ObservedVg> vgs, List<ObservedLv> lvs,
                           List<IscsiSession> iscsiSessions, List<MountEntry> mounts, List<DeviceProbe> devices,
                           List<DmDevice> dmDevices, List<String> warnings, NodeLvmConfig lvmConfig) {
        this(node, reachable, error, hostname, lvmVersion, pvs, vgs, lvs, iscsiSessions, mounts, devices, dmDevices,
                warnings, lvmConfig, null);
    }

    /** Without the LVM configuration (unknown). */
    public NodeObservation(String node, boolean reachable, String error, String hostname, String lvmVersion,
                           List<ObservedPv> pvs, List<ObservedVg> vgs, List<ObservedLv> lvs,
                           List<IscsiSession> iscsiSessions, List<MountEntry> mounts, List<DeviceProbe> devices,
                           List<DmDevice> dmDevices, List<String> warnings) {
        this(node, reachable, error, hostname, lvmVersion, pvs, vgs, lvs, iscsiSessions, mounts, devices, dmDevices,
                warnings, null);
    }

    public static NodeObservation unreachable(String node, String error) {
        return new NodeObservation(node, false, error, null, null, null, null, null, null, null, null, null, null);
    }

    public Optional<ObservedVg> vg(String name) {
        return vgs.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    public Optional<ObservedLv> lv(String vg, String name) {
        return lvs.stream().filter(l -> l.vg().equals(vg) && l.name().equals(name)).findFirst();
    }

    public Optional<DeviceProbe> device(String path) {
        return devices.stream().filter(d -> d.path().equals(path)).findFirst();
    }

    /** Mounts whose source is this LV's device (by /dev/VG/LV, /dev/mapper/VG-LV or dm path). */
    public List<MountEntry> mountsOf(ObservedLv lv) {
        return mounts.stream().filter(m -> lv.isDevice(m.source())).toList();
    }
}
