package io.lvmops.git.diff;

import io.lvmops.model.DeviceSpec;
import io.lvmops.model.LogicalVolumeSpec;
import io.lvmops.model.LvState;
import io.lvmops.model.NodeSpec;
import io.lvmops.model.Spec;
import io.lvmops.model.VolumeGroupSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The semantic difference between two valid specs, touching no node: what a reviewer of a spec change needs to
 * see. A pure function; the order is nodes, devices, volume groups, logical volumes, each by name.
 */
public final class SpecDiff {
    private static final String NONE = "(none)";

    private SpecDiff() {
    }

    public static List<SpecChange> between(Spec oldSpec, Spec newSpec) {
        List<SpecChange> changes = new ArrayList<>();
        compare(ElementKind.NODE, oldSpec.nodes(), newSpec.nodes(), NodeSpec::name, SpecDiff::describe,
                SpecDiff::nodeFields, changes);
        compare(ElementKind.DEVICE, oldSpec.devices(), newSpec.devices(), DeviceSpec::name, SpecDiff::describe,
                SpecDiff::deviceFields, changes);
        compare(ElementKind.VOLUME_GROUP, oldSpec.volumeGroups(), newSpec.volumeGroups(), VolumeGroupSpec::name,
                vg -> String.join(", ", vg.devices()), SpecDiff::vgFields, changes);
        lvs(oldSpec.logicalVolumes(), newSpec.logicalVolumes(), changes);
        return List.copyOf(changes);
    }

    private interface Fields<T> {
        void compare(T before, T after, List<FieldChange> fields, List<String> notes, boolean[] flags);
    }

    private static <T> void compare(ElementKind kind, List<T> before, List<T> after, Function<T, String> key,
                                    Function<T, String> describe, Fields<T> fields, List<SpecChange> out) {
        Map<String, T> old = index(before, key);
        Map<String, T> now = index(after, key);
        for (String name : new TreeSet<>(union(old, now))) {
            T o = old.get(name);
            T n = now.get(name);
            if (o == null) {
                out.add(new SpecChange.Added(kind, name, describe.apply(n), List.of(), false, false));
            } else if (n == null) {
                out.add(new SpecChange.Removed(kind, name, describe.apply(o),
                        List.of("no longer in the spec: lvmops stops managing it and changes nothing on the nodes"),
                        false, false));
            } else if (!o.equals(n)) {
                List<FieldChange> f = new ArrayList<>();
                List<String> notes = new ArrayList<>();
                boolean[] flags = new boolean[2];
                fields.compare(o, n, f, notes, flags);
                if (!f.isEmpty()) {
                    out.add(new SpecChange.Modified(kind, name, f, notes, flags[0], flags[1]));
                }
            }
        }
    }

    private static void lvs(List<LogicalVolumeSpec> before, List<LogicalVolumeSpec> after, List<SpecChange> out) {
        Map<String, LogicalVolumeSpec> old = index(before, LogicalVolumeSpec::fullName);
        Map<String, LogicalVolumeSpec> now = index(after, LogicalVolumeSpec::fullName);
        for (String name : new TreeSet<>(union(old, now))) {
            LogicalVolumeSpec o = old.get(name);
            LogicalVolumeSpec n = now.get(name);
            if (o == null) {
                boolean absent = n.state() == LvState.ABSENT;
                out.add(new SpecChange.Added(ElementKind.LOGICAL_VOLUME, name, absent ? "state: absent" : describe(n),
                        absent ? List.of("removes " + name + " if it exists on the nodes") : List.of(), absent, false));
            } else if (n == null) {
                out.add(new SpecChange.Removed(ElementKind.LOGICAL_VOLUME, name, describe(o), List.of(
                        "no longer in the spec: lvmops stops managing it and leaves it on the nodes (to remove it, "
                                + "keep it with state: absent and apply with --allow-destroy)"), false, false));
            } else if (!o.equals(n)) {
                if (o.present() && !n.present()) {
                    out.add(new SpecChange.Removed(ElementKind.LOGICAL_VOLUME, name, "state: absent",
                            List.of("destroys " + name + " and its data (" + o.size() + ")"), true, false));
                    continue;
                }
                List<FieldChange> f = new ArrayList<>();
                List<String> notes = new ArrayList<>();
                boolean refused = false;
                field(f, "owner", o.owner(), n.owner());
                if (o.size().compareTo(n.size()) != 0) {
                    f.add(new FieldChange("size", o.size().human(), n.size().human()));
                    if (n.size().compareTo(o.size()) < 0 && n.present()) {
                        refused = true;
                        notes.add("shrink: lvmops never shrinks an LV (the plan refuses it)");
                    }
                }
                String oldFs = o.filesystem() == null ? NONE : o.filesystem().type().specName();
                String newFs = n.filesystem() == null ? NONE : n.filesystem().type().specName();
                if (!oldFs.equals(newFs)) {
                    f.add(new FieldChange("filesystem", oldFs, newFs));
                    if (n.present() && o.present()) {
                        refused = true;
                        notes.add("lvmops never reformats an LV holding data (the plan refuses it)");
                    }
                }
                field(f, "mountPoint", o.filesystem() == null ? NONE : o.filesystem().mountPoint(),
                        n.filesystem() == null ? NONE : n.filesystem().mountPoint());
                field(f, "state", o.state().specName(), n.state().specName());
                if (!f.isEmpty()) {
                    out.add(new SpecChange.Modified(ElementKind.LOGICAL_VOLUME, name, f, notes, false, refused));
                }
            }
        }
    }

    private static void nodeFields(NodeSpec o, NodeSpec n, List<FieldChange> f, List<String> notes, boolean[] flags) {
        field(f, "host", o.host(), n.host());
        field(f, "port", o.port(), n.port());
        field(f, "user", o.user(), n.user());
        field(f, "identityFile", o.identityFile(), n.identityFile());
        field(f, "knownHostsFile", o.knownHostsFile(), n.knownHostsFile());
        field(f, "sudo", o.sudo(), n.sudo());
        field(f, "fenced", o.fenced(), n.fenced());
        if (!o.fenced() && n.fenced()) {
            notes.add("declared fenced: lvmops will treat it as holding nothing active; make sure it really is down");
        }
    }

    private static void deviceFields(DeviceSpec o, DeviceSpec n, List<FieldChange> f, List<String> notes,
                                     boolean[] flags) {
        field(f, "path", o.path(), n.path());
        field(f, "iscsi.portal", o.iscsi() == null ? null : o.iscsi().portal(), n.iscsi() == null ? null : n.iscsi().portal());
        field(f, "iscsi.target", o.iscsi() == null ? null : o.iscsi().target(), n.iscsi() == null ? null : n.iscsi().target());
        field(f, "iscsi.lun", o.iscsi() == null ? null : o.iscsi().lun(), n.iscsi() == null ? null : n.iscsi().lun());
    }

    private static void vgFields(VolumeGroupSpec o, VolumeGroupSpec n, List<FieldChange> f, List<String> notes,
                                 boolean[] flags) {
        field(f, "devices", "[" + String.join(", ", o.devices()) + "]", "[" + String.join(", ", n.devices()) + "]");
        field(f, "extentSize", o.extentSize() == null ? null : o.extentSize().human(),
                n.extentSize() == null ? null : n.extentSize().human());
        field(f, "guard", o.guard().specName(), n.guard().specName());
        field(f, "metadataNode", o.metadataNode(), n.metadataNode());
        if (!o.devices().stream().allMatch(n.devices()::contains)) {
            notes.add("a device leaves the volume group: lvmops does not vgreduce; move the data off it by hand");
        }
    }

    private static String describe(NodeSpec n) {
        return n.user() + "@" + n.host() + ":" + n.port();
    }

    private static String describe(DeviceSpec d) {
        return d.path() + (d.iscsi() == null ? "" : ", " + d.iscsi().target() + " lun " + d.iscsi().lun());
    }

    private static String describe(LogicalVolumeSpec lv) {
        return lv.vg() + ", " + lv.size().human() + ", " + lv.owner()
                + (lv.filesystem() == null ? "" : ", " + lv.filesystem().type().specName() + " on "
                + lv.filesystem().mountPoint());
    }

    private static void field(List<FieldChange> f, String name, Object o, Object n) {
        if (!Objects.equals(o, n)) {
            f.add(new FieldChange(name, o == null ? NONE : o.toString(), n == null ? NONE : n.toString()));
        }
    }

    private static <T> Map<String, T> index(List<T> items, Function<T, String> key) {
        Map<String, T> m = new LinkedHashMap<>();
        items.forEach(i -> m.put(key.apply(i), i));
        return m;
    }

    private static java.util.Set<String> union(Map<String, ?> a, Map<String, ?> b) {
        java.util.Set<String> s = new java.util.HashSet<>(a.keySet());
        s.addAll(b.keySet());
        return s;
    }
}
