package io.lvmops.observe;

import io.lvmops.model.DeviceSpec;
import io.lvmops.model.Size;
import io.lvmops.model.Spec;
import io.lvmops.model.VolumeGroupSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A path is not an identity: compares what every reachable node sees under each spec device's path (its identity,
 * size, content, PV UUID and the UUID of the VG on it), and each spec VG's UUID, across nodes and with the spec's
 * {@code wwid}. Pure: the planner blocks every write and activation of a VG with a problem here, and
 * {@code status} shows the problems. Only nodes that see the device take part: a node that is not logged in yet
 * neither agrees nor disagrees (the spec's wwid is what guards its later login). A size a node could not read is
 * not compared; an identity or a content one node could not read never agrees with one another node read, and the
 * spec's wwid must be verified by every node that sees the device.
 */
public final class DeviceIdentityCheck {

    /**
     * One disagreement.
     *
     * @param subject "device NAME" or "vg NAME"
     * @param kinds   what differs: identity, size, content, PV UUID, VG UUID, spec wwid
     * @param vgs     the spec's VGs it blocks
     * @param message one line naming the nodes and each one's values
     */
    public record Problem(String subject, List<String> kinds, Set<String> vgs, String message) {
        public Problem {
            kinds = List.copyOf(kinds);
            vgs = Set.copyOf(vgs);
        }
    }

    private DeviceIdentityCheck() {
    }

    public static List<Problem> check(Spec spec, List<NodeObservation> nodes) {
        List<Problem> problems = new ArrayList<>();
        for (DeviceSpec d : spec.devices()) {
            Problem p = device(spec, d, nodes);
            if (p != null) {
                problems.add(p);
            }
        }
        // a device already disputed per path (a swapped alias shows one identity under two names too) is named once
        Set<String> disputed = new LinkedHashSet<>();
        problems.forEach(p -> disputed.add(p.subject()));
        oneDiskUnderTwoNames(spec, nodes).stream().filter(p -> !disputed.contains(p.subject())).forEach(problems::add);
        for (VolumeGroupSpec vg : spec.volumeGroups()) {
            // every VG of that name a node reports: two on one node is as ambiguous as one each on two nodes
            Map<String, String> uuids = new LinkedHashMap<>();
            Set<String> distinct = new LinkedHashSet<>();
            for (NodeObservation n : nodes) {
                List<String> here = !n.reachable() ? List.of() : n.vgs().stream()
                        .filter(v -> v.name().equals(vg.name())).map(ObservedVg::uuid).distinct().toList();
                if (!here.isEmpty()) {
                    uuids.put(n.node(), String.join(" and ", here));
                    distinct.addAll(here);
                }
            }
            if (distinct.size() > 1) {
                problems.add(new Problem("vg " + vg.name(), List.of("VG UUID"), Set.of(vg.name()), "the nodes do not "
                        + "see the same VG " + vg.name() + " (VG UUID differs): " + seen(uuids)
                        + "; nothing of " + vg.name() + " is created, changed or activated until they do"));
            }
        }
        return List.copyOf(problems);
    }

    /** The problems that block this spec VG. */
    public static List<Problem> blocking(List<Problem> problems, String vg) {
        return problems.stream().filter(p -> p.vgs().contains(vg)).toList();
    }

    /** What one node sees under a device's path. */
    private record View(String identity, long size, String content, String pvUuid, String vgUuid) {
        String describe() {
            List<String> parts = new ArrayList<>();
            parts.add(identity == null ? "identity unknown" : identity.matches("[0-9a-f]{8,64}")
                    ? "WWID " + identity : identity);
            parts.add(size > 0 ? Size.ofBytes(size).human() : "size unknown");
            parts.add(content == null ? "content unknown" : content.isEmpty() ? "blank" : content);
            if (pvUuid != null) {
                parts.add("PV UUID " + pvUuid);
            }
            if (vgUuid != null) {
                parts.add("VG UUID " + vgUuid);
            }
            return parts.get(0) + " (" + String.join(", ", parts.subList(1, parts.size())) + ")";
        }
    }

    private static Problem device(Spec spec, DeviceSpec d, List<NodeObservation> nodes) {
        Map<String, View> views = new LinkedHashMap<>();
        for (NodeObservation n : nodes) {
            DeviceProbe p = n.reachable() ? n.device(d.path()).orElse(null) : null;
            if (p == null || !p.exists()) {
                continue;
            }
            ObservedPv pv = n.pvs().stream().filter(x -> x.name().equals(d.path())).findFirst().orElse(null);
            String pvUuid = p.pvUuid() != null ? p.pvUuid() : pv == null || pv.uuid().isEmpty() ? null : pv.uuid();
            // by the VG's own PV list, not by name: two VGs may share a name (LVM warns, and reports both)
            String vgUuid = n.vgs().stream().filter(v -> v.pvNames().contains(d.path())).map(ObservedVg::uuid)
                    .findFirst().orElse(null);
            views.put(n.node(), new View(p.comparableIdentity(), p.sizeBytes(), p.signatureType(), pvUuid, vgUuid));
        }
        List<String> kinds = new ArrayList<>();
        // an identity one node could not read, while another node read one, is not agreement: unknown blocks (when no
        // node can read one, e.g. a disk without a SCSI identity, size, content and UUIDs are all there is)
        if (differ(views, View::identity, views.values().stream().anyMatch(v -> v.identity() != null))) {
            kinds.add("identity");
        }
        if (differ(views, v -> v.size() > 0 ? v.size() : null, false)) {
            kinds.add("size");
        }
        if (differ(views, View::content, true)) {
            kinds.add("content");
        }
        if (differ(views, View::pvUuid, false)) {
            kinds.add("PV UUID");
        }
        if (differ(views, View::vgUuid, false)) {
            kinds.add("VG UUID");
        }
        boolean wwidMismatch = d.wwid() != null && views.values().stream()
                .anyMatch(v -> !d.wwid().equals(v.identity()));
        if (wwidMismatch) {
            kinds.add("spec wwid");
        }
        if (kinds.isEmpty()) {
            return null;
        }
        Map<String, String> described = new LinkedHashMap<>();
        views.forEach((node, v) -> described.put(node, v.describe()));
        String what = wwidMismatch && kinds.size() == 1
                ? "is not the device the spec names (wwid " + d.wwid() + ")"
                : "is not the same device on every node (" + String.join(", ", kinds) + (kinds.size() == 1 ? " differs" : " differ")
                + (wwidMismatch ? "; the spec names wwid " + d.wwid() : "") + ")";
        Set<String> vgs = new LinkedHashSet<>();
        for (VolumeGroupSpec vg : spec.volumeGroups()) {
            if (vg.devices().contains(d.name())) {
                vgs.add(vg.name());
            }
        }
        return new Problem("device " + d.name(), kinds, vgs, d.path() + " " + what + ": " + seen(described)
                + (vgs.isEmpty() ? "" : "; nothing of " + String.join(", ", vgs) + " is created, changed or "
                + "activated until they agree"));
    }

    /**
     * One disk under two names: two spec devices whose paths show the same identity (on one node, or each on its
     * own node) are one disk that the spec counts twice. Per path every node may agree, yet a pvcreate under the
     * second name would write the disk that the first one already holds: both devices' VGs are blocked.
     */
    private static List<Problem> oneDiskUnderTwoNames(Spec spec, List<NodeObservation> nodes) {
        Map<String, Map<String, String>> byIdentity = new LinkedHashMap<>(); // identity -> device name -> "node path"
        for (DeviceSpec d : spec.devices()) {
            for (NodeObservation n : nodes) {
                DeviceProbe p = n.reachable() ? n.device(d.path()).orElse(null) : null;
                if (p != null && p.exists() && p.comparableIdentity() != null) {
                    byIdentity.computeIfAbsent(p.comparableIdentity(), k -> new LinkedHashMap<>())
                            .merge(d.name(), n.node() + " " + d.path(), (a, b) -> a + ", " + b);
                }
            }
        }
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : byIdentity.entrySet()) {
            if (e.getValue().size() < 2) {
                continue;
            }
            Set<String> vgs = new LinkedHashSet<>();
            for (VolumeGroupSpec vg : spec.volumeGroups()) {
                if (vg.devices().stream().anyMatch(e.getValue()::containsKey)) {
                    vgs.add(vg.name());
                }
            }
            for (String device : e.getValue().keySet()) {
                problems.add(new Problem("device " + device, List.of("identity"), vgs, "devices "
                        + String.join(", ", e.getValue().keySet()) + " are one disk under two names (identity "
                        + e.getKey() + " seen as " + String.join("; ", e.getValue().values()) + ")"
                        + (vgs.isEmpty() ? "" : "; nothing of " + String.join(", ", vgs) + " is created, changed "
                        + "or activated until each device is its own disk")));
            }
        }
        return problems;
    }

    /** Whether two nodes have different values; null (unknown) takes part only when {@code unknownCounts}. */
    private static boolean differ(Map<String, View> views, java.util.function.Function<View, Object> value,
                                  boolean unknownCounts) {
        Set<Object> values = new LinkedHashSet<>();
        for (View v : views.values()) {
            Object x = value.apply(v);
            if (x != null || unknownCounts) {
                values.add(Objects.requireNonNullElse(x, "unknown"));
            }
        }
        return values.size() > 1;
    }

    private static String seen(Map<String, String> byNode) {
        List<String> parts = new ArrayList<>();
        byNode.forEach((node, value) -> parts.add(node + " sees " + value));
        return String.join(", ", parts);
    }
}
