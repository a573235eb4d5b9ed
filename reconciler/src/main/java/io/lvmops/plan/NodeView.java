package io.lvmops.plan;

import io.lvmops.model.NodeSpec;
import io.lvmops.observe.DeviceProbe;
import io.lvmops.observe.IscsiSession;
import io.lvmops.observe.MountEntry;
import io.lvmops.observe.NodeObservation;
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
    /** Portals (as iscsiadm shows them) of the sessions to each target. */
    private final Map<String, List<String>> sessionPortals = new HashMap<>();
    private final Map<String, ObservedVg> vgs = new HashMap<>();
    private final LvMap<ObservedLv> activeOrOpen = new LvMap<>(4);
    private final Map<String, List<MountEntry>> mountsBySource;
    private final Map<String, MountEntry> mountsByPoint;
    private Map<String, DeviceProbe> probes;

    /**
     * @param supportsSetAutoactivation whether this node's LVM version has --setautoactivation (the caller parses
     *                                  each distinct version string once, not once per node)
     */
    NodeView(NodeSpec spec, NodeObservation observation, boolean fenced, boolean supportsSetAutoactivation) {
        this.spec = spec;
        this.observation = observation;
        this.reachable = observation != null && observation.reachable();
        this.fenced = fenced;
        this.supportsSetAutoactivation = reachable && supportsSetAutoactivation;
        if (!reachable) {
            mountsBySource = Map.of();
            mountsByPoint = Map.of();
            return;
        }
        for (IscsiSession s : observation.iscsiSessions()) {
            sessionPortals.computeIfAbsent(s.target(), t -> new ArrayList<>(1)).add(s.portal());
        }
        for (ObservedVg vg : observation.vgs()) {
            vgs.put(vg.name(), vg);
        }
        // The one pass over every LV this node lists (10 000 on a big shared fleet): an indexed loop reading two
        // booleans per record, nothing allocated for the inactive ones, which are all but a few.
        List<ObservedLv> lvs = observation.lvs();
        for (int i = 0, size = lvs.size(); i < size; i++) {
            ObservedLv lv = lvs.get(i);
            if (lv.active() || lv.open()) {
                activeOrOpen.put(lv.vg(), lv.name(), lv);
            }
        }
        List<MountEntry> mounts = observation.mounts();
        mountsBySource = new HashMap<>(LvMap.capacityFor(mounts.size()));
        mountsByPoint = new HashMap<>(LvMap.capacityFor(mounts.size()));
        for (MountEntry m : mounts) {
            mountsBySource.computeIfAbsent(m.source(), s -> new ArrayList<>(1)).add(m);
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

    /**
     * Mounts of an LV here, found by any of its device paths: as observed ({@code path}, {@code dmPath}) and the two
     * canonical ones. A canonical path equal to an observed one is not built nor looked up twice (the usual case).
     */
    List<MountEntry> mountsOf(ObservedLv lv) {
        if (mountsBySource.isEmpty()) {
            return List.of();
        }
        List<MountEntry> found = addMounts(null, lv.path());
        found = addMounts(found, lv.dmPath());
        if (!isMapperPath(lv.dmPath(), lv.vg(), lv.name())) {
            found = addMounts(found, "/dev/mapper/" + ObservedLv.dmName(lv.vg(), lv.name()));
        }
        if (!isDevPath(lv.path(), lv.vg(), lv.name())) {
            found = addMounts(found, "/dev/" + lv.vg() + "/" + lv.name());
        }
        return found == null ? List.of() : found;
    }

    private List<MountEntry> addMounts(List<MountEntry> found, String source) {
        List<MountEntry> here = mountsBySource.get(source);
        if (here == null) {
            return found;
        }
        if (found == null) {
            found = new ArrayList<>(here.size());
        }
        for (MountEntry m : here) {
            if (!found.contains(m)) {
                found.add(m);
            }
        }
        return found;
    }

    /** {@code path.equals("/dev/" + vg + "/" + lv)}, without building the string. */
    static boolean isDevPath(String path, String vg, String lv) {
        return path.length() == 6 + vg.length() + lv.length() && path.startsWith("/dev/")
                && path.startsWith(vg, 5) && path.charAt(5 + vg.length()) == '/' && path.startsWith(lv, 6 + vg.length());
    }

    /** {@code path.equals("/dev/mapper/" + ObservedLv.dmName(vg, lv))}, without building it when no dash doubles. */
    static boolean isMapperPath(String path, String vg, String lv) {
        if (vg.indexOf('-') >= 0 || lv.indexOf('-') >= 0) {
            return path.equals("/dev/mapper/" + ObservedLv.dmName(vg, lv));
        }
        int p = "/dev/mapper/".length();
        return path.length() == p + vg.length() + 1 + lv.length() && path.startsWith("/dev/mapper/")
                && path.startsWith(vg, p) && path.charAt(p + vg.length()) == '-' && path.startsWith(lv, p + vg.length() + 1);
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
