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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    private final Set<String> sessions = new HashSet<>();
    private final Map<String, ObservedVg> vgs = new HashMap<>();
    private final Map<String, ObservedLv> activeOrOpen = new HashMap<>();
    private final Map<String, List<MountEntry>> mountsBySource = new HashMap<>();
    private final Map<String, MountEntry> mountsByPoint = new HashMap<>();
    private Map<String, DeviceProbe> probes;

    NodeView(NodeSpec spec, NodeObservation observation, boolean fenced) {
        this.spec = spec;
        this.observation = observation;
        this.reachable = observation != null && observation.reachable();
        this.fenced = fenced;
        this.supportsSetAutoactivation = reachable && LvmVersion.supportsSetAutoactivation(observation.lvmVersion());
        if (!reachable) {
            return;
        }
        for (IscsiSession s : observation.iscsiSessions()) {
            sessions.add(sessionKey(s.portal(), s.target()));
        }
        for (ObservedVg vg : observation.vgs()) {
            vgs.put(vg.name(), vg);
        }
        for (ObservedLv lv : observation.lvs()) {
            if (lv.active() || lv.open()) {
                activeOrOpen.put(key(lv.vg(), lv.name()), lv);
            }
        }
        for (MountEntry m : observation.mounts()) {
            mountsBySource.computeIfAbsent(m.source(), s -> new ArrayList<>(1)).add(m);
            mountsByPoint.put(m.mountPoint(), m);
        }
    }

    static String key(String vg, String lv) {
        return vg + "/" + lv;
    }

    /** iscsiadm shows the portal with its target portal group ({@code 10.0.2.2:3260,1}); the group is dropped. */
    static String sessionKey(String portal, String target) {
        int comma = portal.indexOf(',');
        return (comma < 0 ? portal : portal.substring(0, comma)) + "|" + target;
    }

    String name() {
        return spec.name();
    }

    boolean hasSession(String portal, String target) {
        return sessions.contains(sessionKey(portal, target));
    }

    ObservedVg vg(String name) {
        return vgs.get(name);
    }

    ObservedLv activeLv(String vg, String lv) {
        return activeOrOpen.get(key(vg, lv));
    }

    Map<String, ObservedLv> activeOrOpenLvs() {
        return activeOrOpen;
    }

    /** Mounts of an LV here, found by any of its device paths. */
    List<MountEntry> mountsOf(ObservedLv lv) {
        List<MountEntry> found = new ArrayList<>(0);
        for (String path : List.of(lv.path(), lv.dmPath(), "/dev/mapper/" + ObservedLv.dmName(lv.vg(), lv.name()),
                "/dev/" + lv.vg() + "/" + lv.name())) {
            for (MountEntry m : mountsBySource.getOrDefault(path, List.of())) {
                if (!found.contains(m)) {
                    found.add(m);
                }
            }
        }
        return found;
    }

    MountEntry mountAt(String mountPoint) {
        return mountsByPoint.get(mountPoint);
    }

    DeviceProbe probe(String path) {
        if (!reachable) {
            return null;
        }
        if (probes == null) {
            probes = new HashMap<>();
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
