package io.lvmops.model.load;

import io.lvmops.model.PathRules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The checks across elements and files: unique names, resolvable references, one VG per device, mount points. */
final class CrossChecks {
    private final Entries entries;
    private final Problems problems;
    private final SourceMap.Builder marks;

    CrossChecks(Entries entries, Problems problems, SourceMap.Builder marks) {
        this.entries = entries;
        this.problems = problems;
        this.marks = marks;
    }

    void run() {
        Map<String, Located<String>> nodes = unique("node", entries.nodes.stream().map(Entries.NodeEntry::name).toList(),
                SourceMap::nodeKey);
        Map<String, Located<String>> devices = unique("device",
                entries.devices.stream().map(Entries.DeviceEntry::name).toList(), SourceMap::deviceKey);
        Map<String, Located<String>> vgs = unique("volume group",
                entries.volumeGroups.stream().map(Entries.VgEntry::name).toList(), SourceMap::vgKey);
        devicePathsUnique();
        volumeGroupReferences(nodes, devices);
        lockNodes();
        logicalVolumes(nodes, vgs);
        retiredNodes(nodes);
    }

    /** A retired node is not a node any more: naming one in both lists is a contradiction, and so is a duplicate. */
    private void retiredNodes(Map<String, Located<String>> nodes) {
        Map<String, Located<String>> seen = new HashMap<>();
        for (Located<String> r : entries.retiredNodes) {
            if (!r.present()) {
                continue;
            }
            if (nodes.containsKey(r.value())) {
                problems.add(r.mark(), r.path(), "node '" + r.value() + "' is both in nodes (defined at "
                        + nodes.get(r.value()).mark() + ") and retired; remove it from one of them");
            }
            Located<String> earlier = seen.putIfAbsent(r.value(), r);
            if (earlier != null) {
                problems.add(r.mark(), r.path(), "node '" + r.value() + "' is retired twice (also at "
                        + earlier.mark() + ")");
            }
        }
    }

    /**
     * Each VG's lock node ({@link io.lvmops.model.LockNode}) must be able to hold a lock: a node declared fenced
     * (dead) cannot, so a named metadataNode must not be fenced, and when the first node in spec order is fenced the
     * rule is ambiguous and the VG must name its metadataNode.
     */
    private void lockNodes() {
        Map<String, Boolean> fenced = new HashMap<>();
        Entries.NodeEntry first = null;
        for (Entries.NodeEntry n : entries.nodes) {
            if (n.name().present() && n.spec() != null) {
                fenced.putIfAbsent(n.name().value(), n.spec().fenced());
                first = first == null ? n : first;
            }
        }
        for (Entries.VgEntry vg : entries.volumeGroups) {
            Located<String> named = vg.metadataNode();
            if (named.present()) {
                if (Boolean.TRUE.equals(fenced.get(named.value()))) {
                    problems.add(named.mark(), named.path(), io.lvmops.model.LockNode.fencedNamedMessage(
                            named.value(), vg.name().present() ? vg.name().value() : "?"));
                }
            } else if (first != null && first.spec().fenced() && vg.name().present()) {
                problems.add(named.mark(), named.path(), io.lvmops.model.LockNode.fencedFirstMessage(
                        first.name().value(), vg.name().value()));
            }
        }
    }

    /** Reports a second definition of a name, naming where the first one is; returns name -> first definition. */
    private Map<String, Located<String>> unique(String what, List<Located<String>> names,
                                               java.util.function.UnaryOperator<String> markKey) {
        Map<String, Located<String>> first = new LinkedHashMap<>();
        for (Located<String> name : names) {
            if (!name.present()) {
                continue;
            }
            Located<String> earlier = first.putIfAbsent(name.value(), name);
            if (earlier != null) {
                problems.add(name.mark(), name.path(), "duplicate " + what + " name '" + name.value()
                        + "' (also defined at " + earlier.mark() + ")");
            } else {
                marks.put(markKey.apply(name.value()), name.mark());
            }
        }
        return first;
    }

    private void devicePathsUnique() {
        Map<String, Entries.DeviceEntry> byPath = new HashMap<>();
        for (Entries.DeviceEntry d : entries.devices) {
            if (!d.path().present() || !d.name().present()) {
                continue;
            }
            Entries.DeviceEntry earlier = byPath.putIfAbsent(d.path().value(), d);
            if (earlier != null && !earlier.name().value().equals(d.name().value())) {
                problems.add(d.path().mark(), d.path().path(), "device path '" + d.path().value()
                        + "' is also the path of device '" + earlier.name().value() + "' (at " + earlier.path().mark() + ")");
            }
        }
    }

    private void volumeGroupReferences(Map<String, Located<String>> nodes, Map<String, Located<String>> devices) {
        Map<String, Located<String>> deviceOwner = new HashMap<>(); // device -> the VG that claims it
        for (Entries.VgEntry vg : entries.volumeGroups) {
            for (Located<String> device : vg.devices()) {
                if (!device.present()) {
                    continue;
                }
                if (!devices.containsKey(device.value())) {
                    unresolved(device, "device", devices);
                    continue;
                }
                Located<String> claimedBy = deviceOwner.get(device.value());
                if (claimedBy == null) {
                    deviceOwner.put(device.value(), vg.name());
                } else if (Objects.equals(claimedBy.value(), vg.name().value()) && claimedBy.mark().equals(vg.name().mark())) {
                    problems.add(device.mark(), device.path(), "device '" + device.value() + "' is listed twice");
                } else {
                    problems.add(device.mark(), device.path(), "device '" + device.value()
                            + "' already belongs to volume group '" + claimedBy.value() + "' (at " + claimedBy.mark()
                            + "); a device can be in at most one volume group");
                }
            }
            if (vg.metadataNode().present() && !nodes.containsKey(vg.metadataNode().value())) {
                unresolved(vg.metadataNode(), "node", nodes);
            }
        }
    }

    private void logicalVolumes(Map<String, Located<String>> nodes, Map<String, Located<String>> vgs) {
        Map<String, Located<String>> lvNames = new HashMap<>();
        Map<String, Entries.LvEntry> mounts = new HashMap<>(); // owner + mount point -> first LV mounting there
        for (Entries.LvEntry lv : entries.logicalVolumes) {
            if (lv.vg().present() && !vgs.containsKey(lv.vg().value())) {
                unresolved(lv.vg(), "volume group", vgs);
            }
            if (lv.owner().present() && !nodes.containsKey(lv.owner().value())) {
                unresolved(lv.owner(), "node", nodes);
            }
            if (lv.name().present() && lv.vg().present()) {
                String full = lv.vg().value() + "/" + lv.name().value();
                Located<String> earlier = lvNames.putIfAbsent(full, lv.name());
                if (earlier != null) {
                    problems.add(lv.name().mark(), lv.name().path(), "duplicate logical volume '" + full
                            + "' (also defined at " + earlier.mark() + ")");
                } else {
                    marks.put(SourceMap.lvKey(lv.vg().value(), lv.name().value()), lv.name().mark());
                }
            }
            if (lv.present() && lv.owner().present() && lv.mountPoint() != null && lv.mountPoint().present()) {
                String key = lv.owner().value() + "\0" + normalisedMountPoint(lv.mountPoint().value());
                Entries.LvEntry earlier = mounts.putIfAbsent(key, lv);
                if (earlier != null) {
                    problems.add(lv.mountPoint().mark(), lv.mountPoint().path(), "mount point '"
                            + lv.mountPoint().value() + "' is already used on node '" + lv.owner().value() + "' by "
                            + fullName(earlier) + " (at " + earlier.mountPoint().mark() + ")");
                }
            }
        }
    }

    private static String fullName(Entries.LvEntry lv) {
        return (lv.vg().present() ? lv.vg().value() : "?") + "/" + (lv.name().present() ? lv.name().value() : "?");
    }

    static String normalisedMountPoint(String path) {
        return PathRules.normalisedMountPoint(path);
    }

    private void unresolved(Located<String> ref, String what, Map<String, Located<String>> defined) {
        String hint = Suggestions.closest(ref.value(), defined.keySet())
                .map(s -> "; did you mean '" + s + "'?")
                .orElse(defined.isEmpty() ? ""
                        : " (defined: " + String.join(", ", new ArrayList<>(defined.keySet())) + ")");
        problems.add(ref.mark(), ref.path(), what + " '" + ref.value() + "' is not defined" + hint);
    }
}
