package io.lvmops.plan.guard;

import io.lvmops.model.DeviceSpec;
import io.lvmops.model.Guard;
import io.lvmops.model.IscsiSpec;
import io.lvmops.model.NodeSpec;
import io.lvmops.model.Size;
import io.lvmops.model.Spec;
import io.lvmops.model.VolumeGroupSpec;
import io.lvmops.observe.GuardCheck;
import io.lvmops.observe.LvAttr;
import io.lvmops.observe.MountEntry;
import io.lvmops.observe.NodeLvmConfig;
import io.lvmops.observe.NodeObservation;
import io.lvmops.observe.ObservedLv;
import io.lvmops.observe.ObservedPv;
import io.lvmops.observe.ObservedVg;
import io.lvmops.plan.Fx;
import io.lvmops.plan.Planner;
import io.lvmops.plan.PlanOptions;
import io.lvmops.plan.Severity;
import io.lvmops.plan.step.LvmConfigWrite;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GuardPlannerTest {
    static final String LVM = "2.03.16(2) (2022-05-18)";

    static Spec spec(Guard vg0, Guard vg1) {
        return new Spec(List.of(NodeSpec.of("n1", "h1"), NodeSpec.of("n2", "h2"), NodeSpec.of("n3", "h3")),
                List.of(new DeviceSpec("a", "/dev/mapper/a", new IscsiSpec("10.0.2.2", 3260, "iqn.2016-11.com.test:a", 1)),
                        new DeviceSpec("b", "/dev/mapper/b", new IscsiSpec("10.0.2.2", 3260, "iqn.2016-11.com.test:b", 1))),
                List.of(new VolumeGroupSpec("vg0", List.of("a"), Size.parse("4M"), vg0, null),
                        new VolumeGroupSpec("vg1", List.of("b"), Size.parse("4M"), vg1, null)),
                List.of());
    }

    /** A node with a root VG "vgroot" on its own disk, root mounted from it, and the shared VGs visible. */
    static NodeObservation node(String name, String lvm, NodeLvmConfig config) {
        List<ObservedPv> pvs = List.of(new ObservedPv("/dev/vda2", "u1", "vgroot", 1, 0),
                new ObservedPv("/dev/mapper/a", "u2", "vg0", 1, 0), new ObservedPv("/dev/mapper/b", "u3", "vg1", 1, 0));
        List<ObservedVg> vgs = new ArrayList<>();
        for (String vg : List.of("vg0", "vg1", "vgroot")) {
            vgs.add(new ObservedVg(vg, vg, 1, 0, 4 << 20, List.of(), List.of(), "", false));
        }
        List<ObservedLv> lvs = List.of(new ObservedLv("vgroot", "root", "r", 1, LvAttr.parse("-wi-ao----"), true,
                true, List.of(), "/dev/vgroot/root", "/dev/mapper/vgroot-root", true, ""));
        return new NodeObservation(name, true, null, name, lvm, pvs, vgs, lvs, List.of(),
                List.of(new MountEntry("/dev/mapper/vgroot-root", "/", "ext4")), List.of(), List.of(), List.of(),
                config);
    }

    static NodeLvmConfig debian() {
        return new NodeLvmConfig(null, null, false, 0, Fx.DEBIAN_LVMLOCAL, Map.of());
    }

    @Test
    void tags_admitsLocalRootVgUnguardedVgsAndOwnTag_writeWithDiff() {
        GuardPlanner.Result r = GuardPlanner.plan(spec(Guard.TAGS, Guard.NONE), List.of(node("n2", LVM, debian())));
        assertThat(r.blocked()).isEmpty();
        LvmConfigWrite w = (LvmConfigWrite) r.steps().get(0);
        assertThat(w.node()).isEqualTo("n2");
        assertThat(w.path()).isEqualTo("/etc/lvm/lvmlocal.conf");
        assertThat(w.content()).startsWith(Fx.DEBIAN_LVMLOCAL)
                .contains("\tvolume_list = [ \"vgroot\", \"vg1\", \"@lvmops_owner_n2\" ]\n")
                .doesNotContain("auto_activation_volume_list").doesNotContain("use_lvmlockd");
        assertThat(w.expectedSha256()).isEqualTo(GuardPlanner.sha256(Fx.DEBIAN_LVMLOCAL)).hasSize(64);
        assertThat(w.details()).contains("+\tvolume_list = [ \"vgroot\", \"vg1\", \"@lvmops_owner_n2\" ]");
        assertThat(r.drift()).singleElement().extracting(d -> d.message()).asString()
                .contains("activation/volume_list is not set");
    }

    @Test
    void alreadyWritten_noStep_andTheCheckPasses() {
        NodeObservation first = node("n1", LVM, debian());
        String written = ((LvmConfigWrite) GuardPlanner.plan(spec(Guard.TAGS, Guard.NONE), List.of(first))
                .steps().get(0)).content();
        NodeObservation now = node("n1", LVM, new NodeLvmConfig(List.of("vgroot", "vg1", "@lvmops_owner_n1"), null,
                false, 0, written, Map.of()));
        GuardPlanner.Result r = GuardPlanner.plan(spec(Guard.TAGS, Guard.NONE), List.of(now));
        assertThat(r.steps()).isEmpty();
        assertThat(r.drift()).isEmpty();
        assertThat(GuardCheck.problems(spec(Guard.TAGS, Guard.NONE), now)).isEmpty();
    }

    @Test
    void blockInPlaceButOverriddenElsewhere_isDriftNotAnotherWrite() {
        NodeObservation first = node("n1", LVM, debian());
        String written = ((LvmConfigWrite) GuardPlanner.plan(spec(Guard.TAGS, Guard.NONE), List.of(first))
                .steps().get(0)).content();
        NodeObservation now = node("n1", LVM, new NodeLvmConfig(List.of("vg0", "@lvmops_owner_n1"), null, false, 0,
                written, Map.of()));
        GuardPlanner.Result r = GuardPlanner.plan(spec(Guard.TAGS, Guard.NONE), List.of(now));
        assertThat(r.steps()).isEmpty();
        assertThat(r.drift()).singleElement().extracting(d -> d.message()).asString()
                .contains("entry \"vg0\" admits every LV of vg0");
    }

    @Test
    void oldLvm_alsoRestrictsAutoactivationToLocalVgs() {
        LvmConfigWrite w = (LvmConfigWrite) GuardPlanner.plan(spec(Guard.TAGS, Guard.TAGS),
                List.of(node("n1", "2.02.187(2) (2020-03-24)", debian()))).steps().get(0);
        assertThat(w.content()).contains("\tvolume_list = [ \"vgroot\", \"@lvmops_owner_n1\" ]\n")
                .contains("\tauto_activation_volume_list = [ \"vgroot\" ]\n");
    }

    @Test
    void rootOnATagGuardedVg_isBlockedNeverWritten() {
        NodeObservation o = node("n1", LVM, debian());
        NodeObservation rootOnVg0 = new NodeObservation("n1", true, null, "n1", LVM, o.pvs(), o.vgs(),
                List.of(new ObservedLv("vg0", "root", "r", 1, LvAttr.parse("-wi-ao----"), true, true, List.of(),
                        null, null, true, "")), List.of(), List.of(new MountEntry("/dev/mapper/vg0-root", "/", "ext4")),
                List.of(), List.of(), List.of(), debian());
        GuardPlanner.Result r = GuardPlanner.plan(spec(Guard.TAGS, Guard.NONE), List.of(rootOnVg0));
        assertThat(r.steps()).isEmpty();
        assertThat(r.blocked()).singleElement().satisfies(b -> {
            assertThat(b.severity()).isEqualTo(Severity.ERROR);
            assertThat(b.reason()).contains("root filesystem of n1 is on vg0/root");
        });
    }

    @Test
    void unknownConfigOrForeignVolumeListOrBrokenMarkers_areBlocked() {
        Spec spec = spec(Guard.TAGS, Guard.NONE);
        assertThat(GuardPlanner.plan(spec, List.of(node("n1", LVM, null))).blocked()).singleElement()
                .extracting(b -> b.reason()).asString().contains("unknown");
        NodeLvmConfig foreign = new NodeLvmConfig(List.of("x"), null, false, 0,
                "activation {\n  volume_list = [ \"x\" ]\n}\n", Map.of());
        assertThat(GuardPlanner.plan(spec, List.of(node("n1", LVM, foreign))).blocked()).singleElement()
                .extracting(b -> b.reason()).asString().contains("outside lvmops' block");
        NodeLvmConfig broken = new NodeLvmConfig(null, null, false, 0, ManagedBlock.BEGIN + "\n", Map.of());
        GuardPlanner.Result r = GuardPlanner.plan(spec, List.of(node("n1", LVM, broken)));
        assertThat(r.steps()).isEmpty();
        assertThat(r.blocked()).singleElement().extracting(b -> b.reason()).asString().contains("markers");
    }

    @Test
    void sanlock_hostIdIsTheSpecPosition_writtenOnlyWhenTheEffectiveValueDiffers() {
        Spec spec = spec(Guard.SANLOCK, Guard.NONE);
        LvmConfigWrite w = (LvmConfigWrite) GuardPlanner.plan(spec, List.of(node("n3", LVM, debian())))
                .steps().get(0);
        assertThat(w.content()).contains("global {\n\tuse_lvmlockd = 1\n}\n").contains("local {\n\thost_id = 3\n}\n")
                .doesNotContain("volume_list");
        // the lab's --lockd nodes already have both (lvm.conf and lvmlocal.conf outside the block): nothing to write
        NodeLvmConfig lab = new NodeLvmConfig(null, null, true, 3, "local {\n\thost_id = 3\n}\n",
                Map.of("wdmd", true, "sanlock", true, "lvmlockd", true));
        GuardPlanner.Result r = GuardPlanner.plan(spec, List.of(node("n3", LVM, lab)));
        assertThat(r.steps()).isEmpty();
        assertThat(r.drift()).isEmpty();
        NodeLvmConfig wrongId = new NodeLvmConfig(null, null, true, 1, "local {\n\thost_id = 1\n}\n", Map.of());
        assertThat(GuardPlanner.plan(spec, List.of(node("n3", LVM, wrongId))).blocked()).singleElement()
                .extracting(b -> b.reason()).asString().contains("host_id = 1").contains("host id 3");
    }

    @Test
    void noGuardedVg_removesItsBlock() {
        String guarded = Fx.DEBIAN_LVMLOCAL + ManagedBlock.BEGIN + "\nactivation {\n}\n" + ManagedBlock.END + "\n";
        LvmConfigWrite w = (LvmConfigWrite) GuardPlanner.plan(spec(Guard.NONE, Guard.NONE),
                List.of(node("n1", LVM, new NodeLvmConfig(null, null, false, 0, guarded, Map.of())))).steps().get(0);
        assertThat(w.content()).isEqualTo(Fx.DEBIAN_LVMLOCAL);
    }

    @Test
    void inTheWholePlan_theConfigWriteComesFirst() {
        var plan = Planner.plan(Fx.twoNodes(), Fx.fleet(Fx.node("n1").unguarded().build(),
                Fx.node("n2").unguarded().build()), PlanOptions.DEFAULT);
        assertThat(plan.steps().get(0)).isInstanceOf(LvmConfigWrite.class);
        assertThat(plan.steps().get(1)).isInstanceOf(LvmConfigWrite.class);
        assertThat(plan.steps().stream().skip(2)).noneMatch(s -> s instanceof LvmConfigWrite);
        String text = new io.lvmops.plan.render.TextRenderer(false).render(plan);
        assertThat(text).contains("     --- /etc/lvm/lvmlocal.conf\n")
                .contains("     +\tvolume_list = [ \"@lvmops_owner_n1\" ]\n")
                .contains("     +\tvolume_list = [ \"@lvmops_owner_n2\" ]\n");
        assertThat(new io.lvmops.plan.render.MarkdownRenderer().render(plan))
                .contains("    +\tvolume_list = [ \"@lvmops_owner_n1\" ]\n");
    }

    static Spec sanlockTwoNodes() {
        Spec fx = Fx.twoNodes();
        VolumeGroupSpec vg = fx.volumeGroups().get(0);
        return new Spec(fx.nodes(), fx.devices(), List.of(new VolumeGroupSpec(vg.name(), vg.devices(),
                vg.extentSize(), Guard.SANLOCK, null)), List.of(Fx.lv("lv01", "n1", Fx.G, null, null)));
    }

    static NodeLvmConfig lockd(int hostId, String... lockspaces) {
        return new NodeLvmConfig(null, null, true, hostId, "local {\n\thost_id = " + hostId + "\n}\n",
                Map.of("wdmd", true, "sanlock", true, "lvmlockd", true), List.of(lockspaces));
    }

    @Test
    void sanlock_vgcreateInitialisesTheBlankDevice_whichTheNodeProvesBlankRightBefore() {
        NodeObservation n1 = withConfig(Fx.node("n1").loggedIn("").build(), lockd(1));
        NodeObservation n2 = withConfig(Fx.node("n2").loggedIn("").build(), lockd(2));
        var plan = Planner.plan(sanlockTwoNodes(), Fx.fleet(n1, n2), PlanOptions.DEFAULT);
        var vgcreate = plan.steps().stream().filter(s -> s instanceof io.lvmops.plan.step.VgCreate).findFirst()
                .orElseThrow();
        // no pvcreate (it needs the global lock the first shared VG creates): vgcreate --shared initialises the
        // device, so the same proof runs before it
        assertThat(plan.steps()).noneMatch(s -> s instanceof io.lvmops.plan.step.PvCreate);
        assertThat(vgcreate.argv()).startsWith("sh", "-c", io.lvmops.plan.step.BlankProof.SCRIPT, "lvmops-blank",
                "-b", Fx.DEV, "--", "lvm", "vgcreate").contains("--shared");
    }

    @Test
    void sanlock_unreachableOldOwner_waitsForTheLeaseInsteadOfBlocking_tagsVgWouldBlock() {
        NodeObservation n1 = Fx.node("n1").withVg().lv("lv01", Fx.G, false, false, "lvmops_owner_n2").build();
        n1 = withConfig(n1, lockd(1, "vg0"));
        var plan = Planner.plan(sanlockTwoNodes(), Fx.fleet(n1, NodeObservation.unreachable("n2", "connection refused")),
                PlanOptions.DEFAULT);
        assertThat(plan.blocked()).isEmpty();
        var wait = plan.steps().stream().filter(s -> s instanceof io.lvmops.plan.step.WaitForLease).findFirst()
                .orElseThrow();
        assertThat(wait.node()).isEqualTo("n1");
        assertThat(wait.details().get(0)).contains("expected wait: ~150 s").contains("n2");
        assertThat(plan.steps()).noneMatch(s -> s instanceof io.lvmops.plan.step.Activate);
        assertThat(plan.drift()).anyMatch(d -> d.message().contains("waits until sanlock lets its lease expire"));

        var tagsPlan = Planner.plan(Fx.spec(Fx.lv("lv01", "n1", Fx.G, null, null)), Fx.fleet(
                Fx.node("n1").withVg().lv("lv01", Fx.G, false, false, "lvmops_owner_n2").build(),
                NodeObservation.unreachable("n2", "connection refused")), PlanOptions.DEFAULT);
        assertThat(tagsPlan.blocked()).anyMatch(b -> b.reason().contains("--assume-fenced"));
        assertThat(tagsPlan.steps()).noneMatch(s -> s instanceof io.lvmops.plan.step.WaitForLease);
    }

    @Test
    void sanlock_lockStartOnlyWhereTheLockspaceIsNotStarted_daemonsStartedWhenDown() {
        NodeObservation n1 = withConfig(Fx.node("n1").withVg().lv("lv01", Fx.G, true, false, "lvmops_owner_n1")
                .build(), lockd(1, "vg0"));
        NodeLvmConfig down = new NodeLvmConfig(null, null, true, 2, "local {\n\thost_id = 2\n}\n",
                Map.of("wdmd", false, "sanlock", false, "lvmlockd", false), List.of());
        NodeObservation n2 = withConfig(Fx.node("n2").withVg().lv("lv01", Fx.G, false, false, "lvmops_owner_n1")
                .build(), down);
        var plan = Planner.plan(sanlockTwoNodes(), Fx.fleet(n1, n2), PlanOptions.DEFAULT);
        assertThat(plan.steps()).extracting(s -> s.node() + " " + s.getClass().getSimpleName())
                .containsExactly("n2 LockDaemonsStart", "n2 LockStart");
        assertThat(plan.steps().get(1).commandLine()).isEqualTo("lvm vgchange --config devices/hints=none --lockstart vg0");

        var converged = Planner.plan(sanlockTwoNodes(), Fx.fleet(n1, withConfig(n2, lockd(2, "vg0"))),
                PlanOptions.DEFAULT);
        assertThat(converged.steps()).isEmpty();
    }

    static NodeObservation withConfig(NodeObservation o, NodeLvmConfig c) {
        return new NodeObservation(o.node(), o.reachable(), o.error(), o.hostname(), o.lvmVersion(), o.pvs(), o.vgs(),
                o.lvs(), o.iscsiSessions(), o.mounts(), o.devices(), o.dmDevices(), o.warnings(), c);
    }
}
