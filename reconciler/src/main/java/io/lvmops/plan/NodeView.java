package io.lvmops.plan;

import io.lvmops.model.NodeSpec;
import io.lvmops.observe.DeviceProbe;
import io.lvmops.observe.IscsiSession;
import io.lvmops.observe.MountEntry;
import io.lvmops.observe.NodeObservation;
import io.lvmops.observe.NodeUsage;
import io.lvmops.observe.ObservedLv;
import io.lvmops.observe.ObservedVg;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One node's observation, indexed once so that the planner never searches a list (a node may list 10 000 LVs).
 * Only LVs that are active or open here are indexed per node: an inactive LV's metadata is the same on every node
 * and is read from one node per VG.
 */
final class NodeView {
    final NodeSpec spec;
    final NodeObservation observation;
    final boolean reachable;
    final boolean fenced;
    final boolean supportsSetAutoactivation;
    /** What this node really uses (device-mapper and mounts first): the one rule, see {@link NodeUsage}. */
    final NodeUsage usage;
    /** Portals (as iscsiadm shows them) of the sessions to each target. */
    private final Map<String, List<String>> sessionPortals = new HashMap<>();
    private final Map<String, ObservedVg> vgs = new HashMap<>();
    private final LvMap<ObservedLv> activeOrOpen = new LvMap<>(4);
    private final Map<String, MountEntry> mountsByPoint;
    private Map<String, DeviceProbe> probes;

    /**
     * @param supportsSetAutoactivation whether this node's LVM version has --setautoactivation (the caller parses
     *                                  each distinct version string once, not once per node)
     */
    NodeView(NodeSpec spec, NodeObservation observation, NodeUsage usage, boolean fenced,
             boolean supportsSetAutoactivation) {
        this.spec = spec;
        this.observation = observation;
        this.usage = usage;
        this.reachable = observation != null && observation.reachable();
        this.fenced = fenced;
        this.supportsSetAutoactivation = reachable && supportsSetAutoactivation;
        if (!reachable) {
            mountsByPoint = Map.of();
            return;
        }
        for (IscsiSession s : observation.iscsiSessions()) {
            sessionPortals.computeIfAbsent(s.target(), t -> new ArrayList<>(1)).add(s.portal());
        }
        for (ObservedVg vg : observation.vgs()) {
            vgs.put(vg.name(), vg);
        }
        // Active or open by the one rule (NodeUsage): LVM's own record where it lists the LV as in use, else a record
        // standing for what only device-mapper or the mount table shows (this node's LVM may be blind to the VG).
        for (NodeUsage.LvUse use : usage.inUse()) {
            activeOrOpen.put(use.vg(), use.lv(), recordOf(use));
        }
        List<MountEntry> mounts = observation.mounts();
        mountsByPoint = new HashMap<>(LvMap.capacityFor(mounts.size()));
        for (MountEntry m : mounts) {
            mountsByPoint.put(m.mountPoint(), m);
        }
    }


    /**
     * Whether two portals are the same address: iscsiadm shows the portal with its target portal group
     * ({@code 10.0.2.2:3260,1}); the group is ignored on both sides.
     */
    static boolean samePortal(String a, String b) {
        int la = a.indexOf(',');
        int lb = b.indexOf(',');
        la = la < 0 ? a.length() : la;
        lb = lb < 0 ? b.length() : lb;
        return la == lb && a.regionMatches(0, b, 0, la);
    }

    String name() {
        return spec.name();
    }

    boolean hasSession(String portal, String target) {
        List<String> portals = sessionPortals.get(target);
        if (portals != null) {
            for (String p : portals) {
                if (samePortal(p, portal)) {
                    return true;
                }
            }
        }
        return false;
    }

    ObservedVg vg(String name) {
        return vgs.get(name);
    }

    ObservedLv activeLv(String vg, String lv) {
        return activeOrOpen.get(vg, lv);
    }

    /** The LVs active or open here, by VG then LV name. */
    LvMap<ObservedLv> activeOrOpenLvs() {
        return activeOrOpen;
    }

    /** Mounts of an LV here, as {@link NodeUsage} found them (by device number, else by any of its paths). */
    List<MountEntry> mountsOf(ObservedLv lv) {
        NodeUsage.LvUse use = usage == null ? null : usage.lv(lv.vg(), lv.name());
        return use == null ? List.of() : use.mounts();
    }

    /** Why the VG's LVs are unknown here (device-mapper unreadable, LVM blind to it), or null. */
    String unknown(String vg) {
        return usage == null ? null : usage.unknown(vg);
    }

    private static ObservedLv recordOf(NodeUsage.LvUse use) {
        ObservedLv lvm = use.lvm();
        if (lvm != null && lvm.active() && lvm.open() == use.open()) {
            return lvm;
        }
        String attr = use.open() ? "-wi-ao----" : "-wi-a-----";
        return new ObservedLv(use.vg(), use.lv(), lvm == null ? "" : lvm.uuid(), lvm == null ? 0 : lvm.sizeBytes(),
                io.lvmops.observe.LvAttr.parse(attr), true, use.open(), lvm == null ? List.of() : lvm.tags(),
                lvm == null ? null : lvm.path(), lvm == null ? null : lvm.dmPath(),
                lvm == null ? null : lvm.autoactivation(), lvm == null ? "" : lvm.lockArgs());
    }

    MountEntry mountAt(String mountPoint) {
        return mountsByPoint.get(mountPoint);
    }

    DeviceProbe probe(String path) {
        if (!reachable) {
            return null;
        }
        if (probes == null) {
            probes = new HashMap<>(LvMap.capacityFor(observation.devices().size()));
            for (DeviceProbe p : observation.devices()) {
                probes.put(p.path(), p);
            }
        }
        return probes.get(path);
    }

    boolean seesDevice(String path) {
        DeviceProbe p = probe(path);
        return p != null && p.exists();
    }
}
