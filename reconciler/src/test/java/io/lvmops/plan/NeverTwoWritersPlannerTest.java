package io.lvmops.plan;

import io.lvmops.model.FsType;
import io.lvmops.observe.DmDevice;
import io.lvmops.observe.FleetObservation;
import io.lvmops.observe.MountEntry;
import io.lvmops.observe.NodeObservation;
import io.lvmops.plan.step.Activate;
import io.lvmops.plan.step.LvCreate;
import io.lvmops.plan.step.LvTags;
import io.lvmops.plan.step.Mount;
import io.lvmops.plan.step.Step;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.lvmops.plan.Fx.G;
import static io.lvmops.plan.Fx.fleet;
import static io.lvmops.plan.Fx.node;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Observations crafted the way a failing node shows itself, each a way to a second writer: the planner must block,
 * never activate elsewhere. Written against the planner's public entry point only.
 */
class NeverTwoWritersPlannerTest {
    static final String LV01_DM_UUID = "LVM-" + "XLGBPnqFUoPyQ7TEvH0B24IZ9zv9VDpC" + "anjseRxDfEv44f6kt39ofxdCmahNXU8e";

    /** n1's LVM lists nothing (a filter hides the PV) while it still sees the device, maps lv01 and has it mounted. */
    static NodeObservation blindN1(boolean mapped, boolean mounted) {
        NodeObservation seen = node("n1").loggedIn("LVM2_member").build();
        return new NodeObservation("n1", true, null, "n1", Fx.LVM, List.of(), List.of(), List.of(),
                seen.iscsiSessions(), mounted ? List.of(new MountEntry("/dev/mapper/vg0-lv01", "/mnt/t_lv01", "ext4"))
                : List.of(), seen.devices(), mapped ? List.of(new DmDevice("vg0-lv01", LV01_DM_UUID, mounted ? 1 : 0))
                : List.of(), List.of(), seen.lvmConfig());
    }

    static NodeObservation n2SeesVg(String... lv01Tags) {
        return node("n2").withVg().lv("lv01", G, false, false, lv01Tags).build();
    }

    private static List<Step> activationsOrMountsOn(Plan plan, String node) {
        return plan.steps().stream().filter(s -> s.node().equals(node))
                .filter(s -> s instanceof Activate || s instanceof Mount || s instanceof LvCreate).toList();
    }

    @Test
    void anLvMappedAndMountedOnANodeWhoseLvmIsBlindIsNotActivatedOnTheNewOwner() {
        Plan plan = Planner.plan(Fx.spec(Fx.lv("lv01", "n2", G, FsType.EXT4, "/mnt/t_lv01")),
                fleet(blindN1(true, true), n2SeesVg("lvmops_owner_n1")), PlanOptions.DEFAULT);
        assertThat(activationsOrMountsOn(plan, "n2")).isEmpty();
        assertThat(plan.blocked()).anySatisfy(b -> {
            assertThat(b.node()).isEqualTo("n1");
            assertThat(b.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(b.reason()).contains("device-mapper maps it").contains("mounted at /mnt/t_lv01");
        });
    }

    @Test
    void aBlindNodeWithoutAMappingStillBlocksActivationElsewhereUntilFenced() {
        FleetObservation fleet = fleet(blindN1(false, false), n2SeesVg("lvmops_owner_n2"));
        Plan plan = Planner.plan(Fx.spec(Fx.lv("lv01", "n2", G, FsType.EXT4, "/mnt/t_lv01")), fleet,
                PlanOptions.DEFAULT);
        assertThat(activationsOrMountsOn(plan, "n2")).isEmpty();
        assertThat(plan.blocked()).anySatisfy(b -> assertThat(b.reason())
                .contains("vg0's LVs are unknown on n1").contains("--assume-fenced n1"));

        Plan fenced = Planner.plan(Fx.spec(Fx.lv("lv01", "n2", G, FsType.EXT4, "/mnt/t_lv01")), fleet,
                new PlanOptions(false, Set.of("n1"), false));
        assertThat(fenced.steps()).anyMatch(s -> s instanceof Activate a && a.node().equals("n2"));
    }

    @Test
    void anLvmErrorAboutTheVgOnANodeBlocksActivationElsewhere() {
        NodeObservation n1 = node("n1").withVg().build();
        NodeObservation n1WithError = new NodeObservation("n1", true, null, "n1", Fx.LVM, n1.pvs(), n1.vgs(),
                n1.lvs(), n1.iscsiSessions(), n1.mounts(), n1.devices(), n1.dmDevices(),
                List.of("lvm: WARNING: Couldn't find device with uuid 7sQ0uk-xxxx; VG vg0 is missing PV 7sQ0uk."),
                n1.lvmConfig());
        Plan plan = Planner.plan(Fx.spec(Fx.lv("lv01", "n2", G, FsType.EXT4, "/mnt/t_lv01")),
                fleet(n1WithError, n2SeesVg("lvmops_owner_n2")), PlanOptions.DEFAULT);
        assertThat(activationsOrMountsOn(plan, "n2")).isEmpty();
    }

    @Test
    void aMappingLeftByARemovedLvBlocksCreatingOneOfThatName() {
        // n1 sees vg0 but lv01 is not in its metadata; device-mapper on n1 still maps vg0-lv01 (an older lv01)
        NodeObservation n1 = node("n1").withVg().build();
        NodeObservation stale = new NodeObservation("n1", true, null, "n1", Fx.LVM, n1.pvs(), n1.vgs(), n1.lvs(),
                n1.iscsiSessions(), List.of(new MountEntry("/dev/mapper/vg0-lv01", "/mnt/old", "ext4")), n1.devices(),
                List.of(new DmDevice("vg0-lv01", "LVM-" + "x".repeat(64), 1)), List.of(), n1.lvmConfig());
        Plan plan = Planner.plan(Fx.spec(Fx.lv("lv01", "n1", G, FsType.EXT4, "/mnt/t_lv01")),
                fleet(stale, node("n2").withVg().build()), PlanOptions.DEFAULT);
        assertThat(plan.steps()).noneMatch(s -> s instanceof LvCreate);
        assertThat(plan.blocked()).anySatisfy(b -> assertThat(b.reason()).contains("not created"));
    }

    @Test
    void anOwnerTagNamingANodeOutsideTheSpecBlocksTheTakeover() {
        // node3 was removed from the spec while it had lv01 active (its owner tag still names it)
        FleetObservation fleet = fleet(node("n1").withVg().lv("lv01", G, false, false, "lvmops_owner_n3").build(),
                n2SeesVg("lvmops_owner_n3"));
        Plan plan = Planner.plan(Fx.spec(Fx.lv("lv01", "n1", G, FsType.EXT4, "/mnt/t_lv01")), fleet,
                PlanOptions.DEFAULT);
        assertThat(activationsOrMountsOn(plan, "n1")).isEmpty();
        assertThat(plan.steps()).noneMatch(s -> s instanceof LvTags);
        assertThat(plan.blocked()).anySatisfy(b -> {
            assertThat(b.node()).isEqualTo("n3");
            assertThat(b.reason()).contains("owner tag names n3").contains("retiredNodes").contains("--assume-fenced n3");
        });

        Plan assumed = Planner.plan(Fx.spec(Fx.lv("lv01", "n1", G, FsType.EXT4, "/mnt/t_lv01")), fleet,
                new PlanOptions(false, Set.of("n3"), false));
        assertThat(assumed.steps()).anyMatch(s -> s instanceof Activate a && a.node().equals("n1"));
    }

    @Test
    void aDeviceOthersSeeIsNotInitialisedByAMetadataNodeThatHasNotSeenItYet() {
        // n2 sees the device blank; n1, which runs vg0's metadata commands, is not logged in yet: what n1 will see
        // under that path is compared with n2's view by the next plan, before any pvcreate
        Plan plan = Planner.plan(Fx.twoNodes(), fleet(node("n1").build(), node("n2").loggedIn("").build()),
                PlanOptions.DEFAULT);
        assertThat(plan.steps()).noneMatch(s -> s instanceof io.lvmops.plan.step.PvCreate
                || s instanceof io.lvmops.plan.step.VgCreate);
        assertThat(plan.steps()).anyMatch(s -> s instanceof io.lvmops.plan.step.IscsiLogin l && l.node().equals("n1"));
        assertThat(plan.blocked()).anySatisfy(b -> assertThat(b.reason())
                .contains("is seen by n2 but not yet by n1").contains("the next apply writes to it"));
    }

    /** vg0 on two devices: lun-a (Fx.DEV) and lun-b (/dev/mapper/test_block_b, its own target). */
    private static io.lvmops.model.Spec twoDevices() {
        io.lvmops.model.Spec one = Fx.spec(Fx.lv("lv01", "n1", G, FsType.EXT4, "/mnt/t_lv01"));
        return new io.lvmops.model.Spec(one.nodes(), List.of(one.devices().get(0),
                new io.lvmops.model.DeviceSpec("lun-b", "/dev/mapper/test_block_b",
                        new io.lvmops.model.IscsiSpec("10.0.2.2", 3260, Fx.IQN + "-b", 1))),
                List.of(new io.lvmops.model.VolumeGroupSpec("vg0", List.of("lun-a", "lun-b"),
                        io.lvmops.model.Size.parse("4M"), null, null)), one.logicalVolumes());
    }

    @Test
    void twoSpecDevicesThatANodeSeesAsOneDiskGetNoPv() {
        // every node agrees per path, but lun-a and lun-b are one disk: the second pvcreate would hit the first PV
        Plan plan = Planner.plan(twoDevices(), fleet(
                node("n1").sees(Fx.DEV, Fx.IQN, "serial:x").sees("/dev/mapper/test_block_b", Fx.IQN + "-b", "serial:x")
                        .build(), node("n2").build()), PlanOptions.DEFAULT);
        assertThat(plan.steps()).noneMatch(s -> s instanceof io.lvmops.plan.step.PvCreate
                || s instanceof io.lvmops.plan.step.VgCreate);
        assertThat(plan.blocked()).anyMatch(b -> b.subject().equals("device lun-b")
                && b.reason().contains("one disk under two names"));
    }
}
