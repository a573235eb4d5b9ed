package io.lvmops.plan.guard;

import io.lvmops.model.DeviceSpec;
import io.lvmops.model.Guard;
import io.lvmops.model.IscsiSpec;
import io.lvmops.model.NodeSpec;
import io.lvmops.model.Size;
import io.lvmops.model.Spec;
import io.lvmops.model.VolumeGroupSpec;
import io.lvmops.observe.DeviceProbe;
import io.lvmops.observe.IscsiSession;
import io.lvmops.observe.NodeLvmConfig;
import io.lvmops.observe.NodeObservation;
import io.lvmops.observe.ObservedPv;
import io.lvmops.observe.ObservedVg;
import io.lvmops.plan.Fx;
import io.lvmops.plan.Plan;
import io.lvmops.plan.PlanOptions;
import io.lvmops.plan.Planner;
import io.lvmops.plan.step.LockStart;
import io.lvmops.plan.step.PvCreate;
import io.lvmops.plan.step.Step;
import io.lvmops.plan.step.VgCreate;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A guard: tags VG beside a guard: sanlock VG. Once lvmlockd runs on a node (the sanlock VG needs it), LVM takes the
 * global lock for pvcreate, vgcreate and vgextend of a local VG too, and the global lock lives in a shared VG's
 * lockspace ("Global lock failed: check that global lockspace is started" otherwise, as the fault campaign's first
 * apply on the lab showed). So the shared VG is created, or its lockspace started on the node, before those steps.
 */
class MixedGuardsPlannerTest {
    private static final String A = "/dev/mapper/test_block_a";
    private static final String B = "/dev/mapper/test_block_b";
    private static final String IQN_A = "iqn.2016-11.com.test:block-a";
    private static final String IQN_B = "iqn.2016-11.com.test:block-b";

    private static Spec spec(String tagsMetadataNode) {
        return new Spec(List.of(NodeSpec.of("n1", "h1"), NodeSpec.of("n2", "h2")),
                List.of(new DeviceSpec("a", A, new IscsiSpec("10.0.2.2", 3260, IQN_A, 1)),
                        new DeviceSpec("b", B, new IscsiSpec("10.0.2.2", 3260, IQN_B, 1))),
                // the tags VG first in the spec, as a user adds a sanlock VG to an existing fleet
                List.of(new VolumeGroupSpec("vg0", List.of("a"), Size.parse("4M"), Guard.TAGS, tagsMetadataNode),
                        new VolumeGroupSpec("vgs", List.of("b"), Size.parse("4M"), Guard.SANLOCK, null)),
                List.of());
    }

    /** Logged in to both LUNs; {@code vgs} exists on b when given; lvmlockd runs with these lockspaces started. */
    private static NodeObservation node(String name, int hostId, boolean vgsExists, String... lockspaces) {
        List<ObservedPv> pvs = new ArrayList<>();
        List<ObservedVg> vgs = new ArrayList<>();
        List<DeviceProbe> devices = new ArrayList<>();
        devices.add(new DeviceProbe(A, true, "", 8 * Fx.G, null, "mpath-3600a", null));
        if (vgsExists) {
            pvs.add(new ObservedPv(B, "pv-b", "vgs", 8 * Fx.G, 7 * Fx.G));
            vgs.add(new ObservedVg("vgs", "vgs-uuid", 8 * Fx.G, 7 * Fx.G, 4L << 20, List.of(B), List.of(), "sanlock",
                    false));
            devices.add(new DeviceProbe(B, true, "LVM2_member", 8 * Fx.G, null, "mpath-3600b", "pv-b"));
        } else {
            devices.add(new DeviceProbe(B, true, "", 8 * Fx.G, null, "mpath-3600b", null));
        }
        NodeLvmConfig lockd = new NodeLvmConfig(List.of("@lvmops_owner_" + name), null, true, hostId,
                "local {\n\thost_id = " + hostId + "\n}\n", Map.of("wdmd", true, "sanlock", true, "lvmlockd", true),
                List.of(lockspaces));
        return new NodeObservation(name, true, null, name, Fx.LVM, pvs, vgs, List.of(),
                List.of(new IscsiSession(Fx.PORTAL + ",1", IQN_A), new IscsiSession(Fx.PORTAL + ",1", IQN_B)),
                List.of(), devices, List.of(), List.of(), lockd);
    }

    private static int index(Plan plan, Predicate<Step> p) {
        List<Step> steps = plan.steps();
        for (int i = 0; i < steps.size(); i++) {
            if (p.test(steps.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such step in\n" + steps.stream().map(s -> s.node() + " " + s.commandLine())
                .reduce("", (x, y) -> x + y + "\n"));
    }

    @Test
    void fromBlank_theSharedVgIsCreatedBeforeTheLocalVgsPvcreate() {
        Plan plan = Planner.plan(spec(null), Fx.fleet(node("n1", 1, false), node("n2", 2, false)),
                PlanOptions.DEFAULT);
        int shared = index(plan, s -> s instanceof VgCreate v && v.commandLine().contains("--shared"));
        int pvcreate = index(plan, s -> s instanceof PvCreate p && p.commandLine().contains(A));
        int vgcreate = index(plan, s -> s instanceof VgCreate v && v.commandLine().contains(" vg0 "));
        assertThat(shared).isLessThan(pvcreate).isLessThan(vgcreate);
        assertThat(plan.steps().get(shared).node()).isEqualTo(plan.steps().get(pvcreate).node());
    }

    @Test
    void theSharedVgExists_itsLockspaceIsStartedOnTheLocalVgsMetadataNodeBeforeItsPvcreate() {
        // vg0's metadata node is n2, where vgs' lockspace is not started (after a reboot, say)
        Plan plan = Planner.plan(spec("n2"), Fx.fleet(node("n1", 1, true, "vgs"), node("n2", 2, true)),
                PlanOptions.DEFAULT);
        int lockstart = index(plan, s -> s instanceof LockStart && s.node().equals("n2"));
        int pvcreate = index(plan, s -> s instanceof PvCreate && s.node().equals("n2"));
        assertThat(lockstart).isLessThan(pvcreate);
    }
}
