package io.lvmops.cli;

import io.lvmops.model.NodeSpec;
import io.lvmops.model.Spec;
import io.lvmops.plan.PlanOptions;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** The flags that change what a plan may do, shared by plan and apply: mix in with {@code @Mixin PlanningOptions}. */
public final class PlanningOptions {

    @Option(names = "--allow-destroy",
            description = "Remove LVs whose spec says 'state: absent' (umount, deactivate everywhere, lvremove). "
                    + "Without it such a removal is a blocked item.")
    boolean allowDestroy;

    @Option(names = "--assume-fenced", paramLabel = "NODE",
            description = "Treat NODE (a node of the spec that is unreachable or whose LVs are unknown, or a node "
                    + "outside the spec that an LV's owner tag names) as dead and fenced, holding nothing active, "
                    + "like 'fenced: true' in the spec. Repeatable. Only if you KNOW it is powered off or cut "
                    + "off from the storage: an LV it still holds active would then be active on two nodes.")
    List<String> assumeFenced = new ArrayList<>();

    @Option(names = "--force-handover",
            description = "Unmount an LV that is mounted on a node that does not own it before deactivating it "
                    + "there (otherwise a critical blocked item: corruption may be in progress).")
    boolean forceHandover;

    @Option(names = "--allow-format", paramLabel = "VG/LV",
            description = "Let lvmops make the spec's filesystem on this EXISTING LV, on which no filesystem is "
                    + "recognised. Repeatable. Without it such an LV is drift and left alone: blkid recognises no "
                    + "raw database file or plain dm-crypt. Even then the node proves it blank (no signature, "
                    + "first and last MiB zeros) right before mkfs. An LV created by the same apply needs no flag.")
    List<String> allowFormat = new ArrayList<>();

    /**
     * The plan options, or an IllegalArgumentException naming an --assume-fenced value that is not a node name. A
     * name outside the spec is allowed: an owner tag may name a node removed from the spec.
     */
    public PlanOptions toPlanOptions(Spec spec) {
        List<String> bad = assumeFenced.stream().filter(n -> spec.node(n).isEmpty()
                && io.lvmops.model.Names.nodeNameProblem(n) != null).toList();
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("--assume-fenced " + String.join(", ", bad) + ": not a node name "
                    + "(nodes of the spec: " + String.join(", ", spec.nodes().stream().map(NodeSpec::name).toList())
                    + ")");
        }
        List<String> notLvs = allowFormat.stream().filter(lv -> spec.logicalVolumes().stream()
                .noneMatch(l -> l.fullName().equals(lv))).toList();
        if (!notLvs.isEmpty()) {
            throw new IllegalArgumentException("--allow-format " + String.join(", ", notLvs) + ": not an LV of the "
                    + "spec (give VG/LV, e.g. vg0/lv01)");
        }
        return new PlanOptions(allowDestroy, new LinkedHashSet<>(assumeFenced), forceHandover,
                new LinkedHashSet<>(allowFormat));
    }
}
