package io.lvmops.plan;

import io.lvmops.model.FsType;
import io.lvmops.model.LvState;
import io.lvmops.observe.NodeObservation;
import io.lvmops.plan.step.Activate;
import io.lvmops.plan.step.Deactivate;
import io.lvmops.plan.step.Step;
import io.lvmops.plan.step.VerifyInactive;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.lvmops.plan.Fx.G;
import static io.lvmops.plan.Fx.fleet;
import static io.lvmops.plan.Fx.node;
import static org.assertj.core.api.Assertions.assertThat;

class PlannerTest {

    private static List<String> lines(Plan plan) {
        return plan.steps().stream().map(s -> s.node() + " " + s.action().symbol() + " " + s.commandLine()).toList();
    }

    private static final String H = " --config devices/hints=none";

    @Test
    void aLoginThatWouldAutoactivateAnLvActiveElsewhereIsHeldBack() {
        // n2 (LVM 2.02: no per-VG autoactivation switch) has lv01 active; n1 (2.03) is not logged in yet, and the
        // VG's and LV's autoactivation are on: n1's login would activate lv01 there too, before any deactivation
        NodeObservation n2 = node("n2").lvm("2.02.187(2) (2020-03-24)").withVg(true).lvAutoactivation(true)
                .lv("lv01", G, true, false, "lvmops_owner_n1").build();
        Plan plan = Planner.plan(Fx.spec(Fx.lv("lv01", "n1", G, FsType.EXT4, "/mnt/t_lv01")),
                fleet(node("n1").build(), n2), PlanOptions.DEFAULT);
        assertThat(lines(plan)).noneMatch(l -> l.startsWith("n1") && l.contains("--login"));
        assertThat(plan.blocked()).anySatisfy(b -> {
            assertThat(b.node()).isEqualTo("n1");
            assertThat(b.reason()).contains("would autoactivate vg0/lv01, active on n2");
        });
        assertThat(lines(plan)).as("the deactivation on n2 still runs: the next apply logs n1 in")
                .contains("n2 ~ lvm lvchange" + H + " -an vg0/lv01");
    }

    @Test
    void aDeviceNobodyReachableHasSeenIsNotLoggedInWhileANodeThatMayHoldItsLvsIsUnreachable() {
        Plan held = Planner.plan(Fx.spec(Fx.lv("lv01", "n1", G, FsType.EXT4, "/mnt/t_lv01")),
                fleet(node("n1").build(), NodeObservation.unreachable("n2", "timeout")), PlanOptions.DEFAULT);
        assertThat(lines(held)).noneMatch(l -> l.contains("--login"));
        assertThat(held.blocked()).anySatisfy(b -> assertThat(b.reason())
                .contains("would autoactivate whatever /dev/mapper/test_block_a holds")
                .contains("--assume-fenced n2"));

        Plan fenced = Planner.plan(Fx.spec(Fx.lv("lv01", "n1", G, FsType.EXT4, "/mnt/t_lv01")),
                fleet(node("n1").build(), NodeObservation.unreachable("n2", "timeout")),
                new PlanOptions(false, Set.of("n2"), false));
        assertThat(lines(fenced)).anyMatch(l -> l.startsWith("n1") && l.contains("--login"));
    }

    @Test
    void blankLunNobodyLoggedIn_loginsVerifyBlankCreateThenHandOverToTheOwner() {
        Plan plan = Planner.plan(Fx.spec(Fx.lv("lv01", "n2", G, FsType.EXT4, "/mnt/t_lv01")),
                fleet(node("n1").build(), node("n2").build()), PlanOptions.DEFAULT);
        assertThat(lines(plan)).containsExactly(
                "n1 + iscsiadm -m node -o new -T " + Fx.IQN + " -p 10.0.2.2:3260",
                "n1 ~ iscsiadm -m node -T " + Fx.IQN + " -p 10.0.2.2:3260 -o update -n node.startup -v automatic",
                "n1 + iscsiadm -m node -T " + Fx.IQN + " -p 10.0.2.2:3260 --login",
                "n1 ? timeout 60 sh -c 'until [ -b \"$1\" ]; do sleep 0.2; done' lvmops-wait-device /dev/mapper/test_block_a",
                // n2's LVM admits only LVs tagged for it: its login cannot activate anything, so it goes early
                // and runs while n1 works (StepGraph)
                "n2 + iscsiadm -m node -o new -T " + Fx.IQN + " -p 10.0.2.2:3260",
                "n2 ~ iscsiadm -m node -T " + Fx.IQN + " -p 10.0.2.2:3260 -o update -n node.startup -v automatic",
                "n2 + iscsiadm -m node -T " + Fx.IQN + " -p 10.0.2.2:3260 --login",
                "n2 ? timeout 60 sh -c 'until [ -b \"$1\" ]; do sleep 0.2; done' lvmops-wait-device /dev/mapper/test_block_a",
                "n1 ? blkid -p /dev/mapper/test_block_a",
                // nobody had seen the LUN when the plan was made: every node's view is compared before a write
                "n1 ? (re-observe n1, n2) verify every node sees the same blank disk at /dev/mapper/test_block_a",
                "n1 + (if /dev/mapper/test_block_a is provably blank) lvm pvcreate" + H + " /dev/mapper/test_block_a",
                "n1 + lvm vgcreate" + H + " -s 4194304b --setautoactivation n vg0 /dev/mapper/test_block_a",
                "n1 + lvm lvcreate" + H + " --yes -n lv01 -L 1073741824b -ay -Zy -Wy --setautoactivation n --addtag lvmops_owner_n1 vg0"
                        + ", then zero the first and last MiB of the new /dev/vg0/lv01 (dd oflag=direct conv=fsync; only if this "
                        + "lvcreate created it and it is active here)",
                "n1 ~ lvm lvchange" + H + " -an vg0/lv01",
                "n1 ? (re-observe n1) verify vg0/lv01 is inactive",
                "n1 ~ lvm lvchange" + H + " --deltag lvmops_owner_n1 --addtag lvmops_owner_n2 vg0/lv01",
                "n2 ~ lvm lvchange" + H + " -ay vg0/lv01",
                "n2 + (if /dev/vg0/lv01 is provably blank) mkfs.ext4 -q /dev/vg0/lv01",
                "n2 + mkdir -p /mnt/t_lv01",
                "n2 + mount -t ext4 /dev/vg0/lv01 /mnt/t_lv01");
        assertThat(plan.blocked()).isEmpty();
    }

    @Test
    void blankLunKnownBlank_ownerIsMetadataNode_noHandover() {
        Plan plan = Planner.plan(Fx.twoNodes(),
                fleet(node("n1").loggedIn("").build(), node("n2").loggedIn("").build()), PlanOptions.DEFAULT);
        assertThat(lines(plan)).containsExactly(
                "n1 + (if /dev/mapper/test_block_a is provably blank) lvm pvcreate" + H + " /dev/mapper/test_block_a",
                "n1 + lvm vgcreate" + H + " -s 4194304b --setautoactivation n vg0 /dev/mapper/test_block_a",
                "n1 + lvm lvcreate" + H + " --yes -n lv01 -L 1073741824b -ay -Zy -Wy --setautoactivation n --addtag lvmops_owner_n1 vg0"
                        + ", then zero the first and last MiB of the new /dev/vg0/lv01 (dd oflag=direct conv=fsync; only if this "
                        + "lvcreate created it and it is active here)",
                "n1 + (if /dev/vg0/lv01 is provably blank) mkfs.ext4 -q /dev/vg0/lv01",
                "n1 + mkdir -p /mnt/t_lv01",
                "n1 + mount -t ext4 /dev/vg0/lv01 /mnt/t_lv01");
        assertThat(plan.summary().line()).isEqualTo("Plan: 6 to add, 0 to change, 0 to destroy, 0 blocked.");
    }

    @Test
    void converged_noChanges() {
        Plan plan = Planner.plan(Fx.twoNodes(), fleet(
                node("n1").withVg().lv("lv01", G, true, true, "lvmops_owner_n1").mounted("lv01", "/mnt/t_lv01").build(),
                node("n2").withVg().lv("lv01", G, false, false, "lvmops_owner_n1").build()), PlanOptions.DEFAULT);
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.summary().line()).isEqualTo("No changes.");
    }

    @Test
    void handover_umountDeactivateVerifyThenTagRescanActivateMount() {
        // spec moved lv01 to n2; it is mounted on n1, its previous owner (the tag says so) at the spec's mount point
        Plan plan = Planner.plan(Fx.spec(Fx.lv("lv01", "n2", G, FsType.EXT4, "/mnt/t_lv01")), fleet(
                node("n1").withVg().lv("lv01", G, true, true, "lvmops_owner_n1").mounted("lv01", "/mnt/t_lv01").build(),
                node("n2").withVg().lv("lv01", G, false, false, "lvmops_owner_n1").build()), PlanOptions.DEFAULT);
        assertThat(lines(plan)).containsExactly(
                "n1 ~ umount /mnt/t_lv01",
                "n1 ~ lvm lvchange" + H + " -an vg0/lv01",
                "n1 ? (re-observe n1) verify vg0/lv01 is inactive",
                "n1 ~ lvm lvchange" + H + " --deltag lvmops_owner_n1 --addtag lvmops_owner_n2 vg0/lv01",
                "n2 ~ lvm lvchange" + H + " -ay vg0/lv01",
                "n2 + mkdir -p /mnt/t_lv01",
                "n2 + mount -t ext4 /dev/vg0/lv01 /mnt/t_lv01");
        assertThat(plan.blocked()).isEmpty();
    }

    @Test
    void lvm202NodesRescanAfterLoginAndBeforeActivation_lvmetadMayHoldAStaleView() {
        String old = "2.02.100(2)-RHEL6 (2013-10-23)";
        Plan plan = Planner.plan(Fx.spec(Fx.lv("lv01", "n2", G, FsType.EXT4, "/mnt/t_lv01")),
                fleet(node("n1").lvm(old).build(), node("n2").lvm(old).build()), PlanOptions.DEFAULT);
        List<String> lines = lines(plan);
        assertThat(lines).contains("n1 ~ lvm pvscan" + H + " --cache", "n2 ~ lvm pvscan" + H + " --cache");
        // on 2.03 (no lvmetad, hints=none on every call) the same plan has no rescan at all
        Plan current = Planner.plan(Fx.spec(Fx.lv("lv01", "n2", G, FsType.EXT4, "/mnt/t_lv01")),
                fleet(node("n1").build(), node("n2").build()), PlanOptions.DEFAULT);
        assertThat(lines(current)).noneMatch(l -> l.contains("pvscan"));
    }

    @Test
    void rogueMount_notThePreviousOwnersOwn_isCriticalUnlessForced() {
        // n1 mounted lv01 although lvmops placed it on n2 (tag): corruption in progress, never unmounted silently
        Plan rogue = Planner.plan(Fx.spec(Fx.lv("lv01", "n2", G, FsType.EXT4, "/mnt/t_lv01")), fleet(
                node("n1").withVg().lv("lv01", G, true, true, "lvmops_owner_n2").mounted("lv01", "/mnt/t_lv01").build(),
                node("n2").withVg().lv("lv01", G, false, false, "lvmops_owner_n2").build()), PlanOptions.DEFAULT);
        assertThat(rogue.steps()).isEmpty();
        assertThat(rogue.blocked()).singleElement().satisfies(b -> {
            assertThat(b.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(b.node()).isEqualTo("n1");
            assertThat(b.reason()).contains("mounted on n1").contains("--force-handover");
        });

        // the previous owner, but mounted somewhere the spec does not say: someone else's mount, also critical
        Plan elsewhere = Planner.plan(Fx.spec(Fx.lv("lv01", "n2", G, FsType.EXT4, "/mnt/t_lv01")), fleet(
                node("n1").withVg().lv("lv01", G, true, true, "lvmops_owner_n1").mounted("lv01", "/mnt/rogue").build(),
                node("n2").withVg().lv("lv01", G, false, false, "lvmops_owner_n1").build()), PlanOptions.DEFAULT);
        assertThat(elsewhere.blocked()).singleElement().satisfies(b ->
                assertThat(b.severity()).isEqualTo(Severity.CRITICAL));

        // the previous owner's mount while the new owner already has it active too: two writers, critical
        Plan both = Planner.plan(Fx.spec(Fx.lv("lv01", "n2", G, FsType.EXT4, "/mnt/t_lv01")), fleet(
                node("n1").withVg().lv("lv01", G, true, true, "lvmops_owner_n1").mounted("lv01", "/mnt/t_lv01").build(),
                node("n2").withVg().lv("lv01", G, true, false, "lvmops_owner_n1").build()), PlanOptions.DEFAULT);
        assertThat(both.blocked()).anySatisfy(b -> assertThat(b.severity()).isEqualTo(Severity.CRITICAL));
        assertThat(lines(both)).noneMatch(l -> l.contains("umount") || l.contains("-an"));

        Plan forced = Planner.plan(Fx.spec(Fx.lv("lv01", "n2", G, FsType.EXT4, "/mnt/t_lv01")), fleet(
                node("n1").withVg().lv("lv01", G, true, true, "lvmops_owner_n2").mounted("lv01", "/mnt/t_lv01").build(),
                node("n2").withVg().lv("lv01", G, false, false, "lvmops_owner_n2").build()),
                new PlanOptions(false, Set.of(), true));
        assertThat(lines(forced)).startsWith("n1 ~ umount /mnt/t_lv01", "n1 ~ lvm lvchange" + H + " -an vg0/lv01");
        assertThat(forced.blocked()).isEmpty();
    }

    @Test
    void activeOnSeveralNonOwners_deactivateAndVerifyEachBeforeTheOwnerActivates() {
        var spec = Fx.spec(Fx.lv("lv01", "n1", G, null, null)).withNodes(List.of(
                io.lvmops.model.NodeSpec.of("n1", "a"), io.lvmops.model.NodeSpec.of("n2", "b"),
                io.lvmops.model.NodeSpec.of("n3", "c")));
        Plan plan = Planner.plan(spec, fleet(
                node("n1").withVg().lv("lv01", G, false, false, "lvmops_owner_n1").build(),
                node("n2").withVg().lv("lv01", G, true, false, "lvmops_owner_n1").build(),
                node("n3").withVg().lv("lv01", G, true, false, "lvmops_owner_n1").build()), PlanOptions.DEFAULT);
        List<Step> s = plan.steps();
        int activate = indexOf(s, Activate.class, "n1");
        assertThat(indexOf(s, Deactivate.class, "n2")).isLessThan(indexOf(s, VerifyInactive.class, "n2"));
        assertThat(indexOf(s, Deactivate.class, "n3")).isLessThan(indexOf(s, VerifyInactive.class, "n3"));
        assertThat(indexOf(s, VerifyInactive.class, "n2")).isLessThan(activate);
        assertThat(indexOf(s, VerifyInactive.class, "n3")).isLessThan(activate);
    }

    @Test
    void unreachableNodeBlocksActivationNamingIt_unlessFenced() {
        var obs = fleet(node("n1").withVg().lv("lv01", G, false, false, "lvmops_owner_n1").build(),
                NodeObservation.unreachable("n2", "connect timed out"));
        Plan plan = Planner.plan(Fx.spec(Fx.lv("lv01", "n1", G, null, null)), obs, PlanOptions.DEFAULT);
        assertThat(plan.steps()).noneMatch(st -> st instanceof Activate);
        assertThat(plan.blocked()).singleElement().satisfies(b -> {
            assertThat(b.node()).isEqualTo("n2");
            assertThat(b.reason()).contains("n2 is unreachable").contains("--assume-fenced n2");
        });
        Plan fenced = Planner.plan(Fx.spec(Fx.lv("lv01", "n1", G, null, null)), obs,
                new PlanOptions(false, Set.of("n2"), false));
        assertThat(fenced.steps()).anyMatch(st -> st instanceof Activate a && a.node().equals("n1"));
        assertThat(fenced.blocked()).isEmpty();
    }

    @Test
    void ownerUnreachable_nonOwnerStillDeactivated_activationBlocked() {
        Plan plan = Planner.plan(Fx.spec(Fx.lv("lv01", "n2", G, null, null)), fleet(
                node("n1").withVg().lv("lv01", G, true, false, "lvmops_owner_n2").build(),
                NodeObservation.unreachable("n2", "no route")), PlanOptions.DEFAULT);
        assertThat(lines(plan)).containsExactly("n1 ~ lvm lvchange" + H + " -an vg0/lv01",
                "n1 ? (re-observe n1) verify vg0/lv01 is inactive");
        assertThat(plan.blocked()).singleElement().satisfies(b -> assertThat(b.reason()).contains("owner n2"));
    }

    @Test
    void neverShrinks_growsWithRefreshOnOwnerAndOnlineFsGrow() {
        Plan shrink = Planner.plan(Fx.twoNodes(), fleet(
                node("n1").withVg().lv("lv01", 2 * G, true, true, "lvmops_owner_n1").mounted("lv01", "/mnt/t_lv01").build(),
                node("n2").withVg().lv("lv01", 2 * G, false, false, "lvmops_owner_n1").build()), PlanOptions.DEFAULT);
        assertThat(shrink.steps()).isEmpty();
        assertThat(shrink.blocked()).singleElement().satisfies(b -> assertThat(b.reason()).contains("never shrinks"));

        var spec = Fx.spec(Fx.lv("lv01", "n2", 2 * G, FsType.EXT4, "/mnt/t_lv01"));
        Plan grow = Planner.plan(spec, fleet(
                node("n1").withVg().lv("lv01", G, false, false, "lvmops_owner_n2").build(),
                node("n2").withVg().lv("lv01", G, true, true, "lvmops_owner_n2").mounted("lv01", "/mnt/t_lv01").build()),
                PlanOptions.DEFAULT);
        assertThat(lines(grow)).containsExactly(
                "n1 ~ lvm lvextend" + H + " -L 2147483648b vg0/lv01",
                "n2 ~ lvm lvchange" + H + " --refresh vg0/lv01",
                "n2 ~ resize2fs /dev/vg0/lv01");
    }

    @Test
    void nonBlankDeviceIsBlockedNeverPvcreated() {
        Plan plan = Planner.plan(Fx.twoNodes(), fleet(node("n1").loggedIn("ext4").build(),
                node("n2").loggedIn("ext4").build()), PlanOptions.DEFAULT);
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.blocked()).anySatisfy(b -> assertThat(b.reason()).contains("'ext4' signature"));
    }

    @Test
    void foreignFilesystemOnLvIsNeverFormatted() {
        Plan plan = Planner.plan(Fx.spec(Fx.lv("lv01", "n1", G, FsType.XFS, "/mnt/x")), fleet(
                node("n1").withVg().lv("lv01", G, true, false, "lvmops_owner_n1").build(),
                node("n2").withVg().lv("lv01", G, false, false, "lvmops_owner_n1").build()), PlanOptions.DEFAULT);
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.blocked()).singleElement().satisfies(b -> assertThat(b.reason()).contains("never formats"));
    }

    @Test
    void removalNeedsAbsentAndAllowDestroy() {
        var spec = Fx.spec(Fx.lv("lv01", "n1", G, FsType.EXT4, "/mnt/t_lv01").withState(LvState.ABSENT));
        var obs = fleet(
                node("n1").withVg().lv("lv01", G, true, true, "lvmops_owner_n1").mounted("lv01", "/mnt/t_lv01").build(),
                node("n2").withVg().lv("lv01", G, true, false, "lvmops_owner_n1").build());
        Plan without = Planner.plan(spec, obs, PlanOptions.DEFAULT);
        assertThat(without.steps()).isEmpty();
        assertThat(without.blocked()).singleElement().satisfies(b -> assertThat(b.severity()).isEqualTo(Severity.WARNING));
        Plan with = Planner.plan(spec, obs, new PlanOptions(true, Set.of(), false));
        assertThat(lines(with)).containsExactly(
                "n1 ~ umount /mnt/t_lv01",
                "n1 ~ lvm lvchange" + H + " -an vg0/lv01",
                "n2 ~ lvm lvchange" + H + " -an vg0/lv01",
                "n2 ? (re-observe n2) verify vg0/lv01 is inactive",
                "n1 - lvm lvremove" + H + " vg0/lv01");
        assertThat(with.summary().line()).isEqualTo("Plan: 0 to add, 3 to change, 1 to destroy, 0 blocked.");
    }

    @Test
    void existingVgWithAutoactivationOn_turnedOffBeforeOtherNodesLogIn() {
        Plan plan = Planner.plan(Fx.twoNodes(), fleet(
                node("n1").withVg(true).lv("lv01", G, true, true, "lvmops_owner_n1").mounted("lv01", "/mnt/t_lv01").build(),
                node("n2").build()), PlanOptions.DEFAULT);
        List<String> l = lines(plan);
        assertThat(l.get(0)).isEqualTo("n1 ~ lvm vgchange" + H + " --setautoactivation n vg0");
        assertThat(l.get(3)).isEqualTo("n2 + iscsiadm -m node -T " + Fx.IQN + " -p 10.0.2.2:3260 --login");
    }

    @Test
    void samePlanForSameInput_andFingerprintIgnoresTimeAndWarnings() {
        var a = fleet(node("n1").withVg().build(), node("n2").build());
        var b = new io.lvmops.observe.FleetObservation(1, java.time.Instant.now(), a.nodes());
        assertThat(ObservationFingerprint.of(a)).isEqualTo(ObservationFingerprint.of(b)).startsWith("sha256:");
        var c = fleet(node("n1").withVg(true).build(), node("n2").build());
        assertThat(ObservationFingerprint.of(c)).isNotEqualTo(ObservationFingerprint.of(a));
        assertThat(Planner.plan(Fx.twoNodes(), a, PlanOptions.DEFAULT))
                .isEqualTo(Planner.plan(Fx.twoNodes(), a, PlanOptions.DEFAULT));
    }

    private static int indexOf(List<Step> steps, Class<?> type, String node) {
        for (int i = 0; i < steps.size(); i++) {
            if (type.isInstance(steps.get(i)) && steps.get(i).node().equals(node)) {
                return i;
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " on " + node + " in " + steps);
    }
}
