package io.lvmops.observe;

import io.lvmops.model.Guard;
import io.lvmops.model.LogicalVolumeSpec;
import io.lvmops.model.Spec;
import io.lvmops.model.VolumeGroupSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The guard part of {@code lvmops status}: each VG's guard (and the lock type LVM reports), each LV's owner tag as
 * the shared metadata holds it, and each node that does not enforce the guards. Pure.
 */
public record GuardStatus(List<VgGuard> vgs, List<LvTag> lvs, List<NodeGuard> nodes) {

    /** @param lockType what LVM reports ("" local, "sanlock"), null when no reachable node sees the VG */
    public record VgGuard(String vg, Guard guard, String lockType) {
    }

    /** @param ownerTags the lvmops_owner_* tags seen; {@code ok} when exactly the spec owner's */
    public record LvTag(String lv, String owner, List<String> ownerTags, boolean ok) {
        public LvTag {
            ownerTags = List.copyOf(ownerTags);
        }
    }

    /** @param problems why the node does not enforce the guards; empty when it does */
    public record NodeGuard(String node, boolean reachable, List<String> problems) {
        public NodeGuard {
            problems = List.copyOf(problems);
        }

        public boolean enforced() {
            return reachable && problems.isEmpty();
        }
    }

    public GuardStatus {
        vgs = List.copyOf(vgs);
        lvs = List.copyOf(lvs);
        nodes = List.copyOf(nodes);
    }

    public static GuardStatus of(Spec spec, List<NodeObservation> observed) {
        List<VgGuard> vgs = new ArrayList<>();
        for (VolumeGroupSpec vg : spec.volumeGroups()) {
            String lockType = observed.stream().filter(NodeObservation::reachable)
                    .flatMap(n -> n.vg(vg.name()).stream()).map(ObservedVg::lockType).findFirst().orElse(null);
            vgs.add(new VgGuard(vg.name(), vg.guard(), lockType));
        }
        List<LvTag> lvs = new ArrayList<>();
        for (LogicalVolumeSpec lv : spec.logicalVolumes()) {
            ObservedLv seen = observed.stream().filter(NodeObservation::reachable)
                    .flatMap(n -> n.lv(lv.vg(), lv.name()).stream()).findFirst().orElse(null);
            if (seen == null) {
                continue;
            }
            List<String> tags = seen.tags().stream().filter(t -> t.startsWith(GuardCheck.OWNER_TAG_PREFIX)).toList();
            lvs.add(new LvTag(lv.fullName(), lv.owner(), tags,
                    tags.equals(List.of(GuardCheck.ownerTag(lv.owner())))));
        }
        List<NodeGuard> nodes = new ArrayList<>();
        for (NodeObservation n : observed) {
            nodes.add(new NodeGuard(n.node(), n.reachable(), GuardCheck.problems(spec, n)));
        }
        return new GuardStatus(vgs, lvs, nodes);
    }

    /** One line per node not enforcing, per LV whose tag does not name its owner. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (NodeGuard n : nodes) {
            if (n.reachable() && !n.problems().isEmpty()) {
                problems.add(n.node() + " does not enforce the guard: " + String.join("; ", n.problems()));
            }
        }
        for (VgGuard vg : vgs) {
            if (vg.guard() == Guard.SANLOCK && vg.lockType() != null && !vg.lockType().equals("sanlock")) {
                problems.add("vg " + vg.vg() + " is guard: sanlock but LVM reports lock type '" + vg.lockType() + "'");
            }
        }
        for (LvTag lv : lvs) {
            boolean tagged = vgs.stream().anyMatch(v -> lv.lv().startsWith(v.vg() + "/") && v.guard() == Guard.TAGS);
            if (tagged && !lv.ok()) {
                problems.add(lv.lv() + " carries " + (lv.ownerTags().isEmpty() ? "no owner tag"
                        : String.join(",", lv.ownerTags())) + ", its owner is " + lv.owner());
            }
        }
        return problems;
    }
}
