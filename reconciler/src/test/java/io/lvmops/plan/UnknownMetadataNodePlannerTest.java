package io.lvmops.plan;

import io.lvmops.model.LogicalVolumeSpec;
import io.lvmops.model.LvState;
import io.lvmops.model.Size;
import io.lvmops.observe.NodeObservation;
import org.junit.jupiter.api.Test;

import static io.lvmops.plan.Fx.fleet;
import static io.lvmops.plan.Fx.node;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by PlanSafetyPropertiesTest.
 *
 * <p>Seed 904442869: the only reachable node, the VG's metadata node, cannot read
 * device-mapper and sees none of the VG yet. An LV the spec wants absent was then silently "nothing to remove", and
 * blocked only once a login showed it: whether it exists is not known while nobody can change the VG.
 *
 * <p>Seed 123970: the owner maps its LV (mounted) but its LVM is blind to the VG, and the LV was extended elsewhere:
 * a refresh there fails ("Volume group not found") at every apply, so the plan never converged.
 *
 * <p>Seed 1080049121187602305: no node's LVM lists the VG (the only node that has its device is blind to it and maps
 * one of its LVs); another node's login to the device autoactivated that LV there too.
 *
 * <p>Seed 2993469070648195680 (no fault drawn: the base fleets hit it too, rarely): no reachable node has seen the
 * VG's device yet; an absent LV was "nothing to remove" until a login showed it.
 */
class UnknownMetadataNodePlannerTest {
    @Test
    void anAbsentLvOfAVgWhoseMetadataNodeIsBlindIsBlockedFromTheFirstPlan() {
        NodeObservation n1 = node("n1").build();
        NodeObservation dmUnreadable = new NodeObservation("n1", true, null, "n1", Fx.LVM, n1.pvs(), n1.vgs(),
                n1.lvs(), n1.iscsiSessions(), n1.mounts(), n1.devices(), n1.dmDevices(), n1.warnings(),
                n1.lvmConfig(), "dmsetup: /dev/mapper/control: open failed");
        LogicalVolumeSpec absent = new LogicalVolumeSpec("lv01", "vg0", Size.parse("4M"), "n1", null, LvState.ABSENT);
        Plan plan = Planner.plan(Fx.spec(absent), fleet(dmUnreadable, NodeObservation.unreachable("n2", "timeout")),
                new PlanOptions(true, java.util.Set.of(), false));
        assertThat(plan.blocked()).anySatisfy(b -> {
            assertThat(b.subject()).isEqualTo("vg0/lv01");
            assertThat(b.reason()).contains("not removed").contains("not known");
        });
    }

    @Test
    void anOwnerWhoseLvmIsBlindToTheVgGetsNoLvmStepForItsMappedLv() {
        NodeObservation blind = NeverTwoWritersPlannerTest.blindN1(true, true);
        java.util.List<io.lvmops.observe.DeviceProbe> probes = new java.util.ArrayList<>(blind.devices());
        probes.add(new io.lvmops.observe.DeviceProbe("/dev/vg0/lv01", true, "ext4", Fx.G)); // udev's link stays
        NodeObservation n1 = new NodeObservation("n1", true, null, "n1", Fx.LVM, blind.pvs(), blind.vgs(),
                blind.lvs(), blind.iscsiSessions(), blind.mounts(), probes, blind.dmDevices(), blind.warnings(),
                blind.lvmConfig());
        NodeObservation n2 = node("n2").withVg().lv("lv01", 2 * Fx.G, false, false, "lvmops_owner_n1").build();
        Plan plan = Planner.plan(Fx.spec(Fx.lv("lv01", "n1", 2 * Fx.G, io.lvmops.model.FsType.EXT4, "/mnt/t_lv01")),
                fleet(n1, n2), PlanOptions.DEFAULT);
        assertThat(plan.steps()).noneMatch(s -> s.node().equals("n1"));
        assertThat(plan.blocked()).anySatisfy(b -> {
            assertThat(b.subject()).isEqualTo("vg0/lv01");
            assertThat(b.node()).isEqualTo("n1");
        });
    }

    @Test
    void noLoginToADeviceWhoseVgNoLvmListsWhileANodeMapsItsLvs() {
        Plan plan = Planner.plan(Fx.spec(Fx.lv("lv01", "n1", Fx.G, null, null)),
                fleet(NeverTwoWritersPlannerTest.blindN1(true, false), node("n2").build()), PlanOptions.DEFAULT);
        assertThat(plan.steps()).noneMatch(s -> s instanceof io.lvmops.plan.step.IscsiLogin);
        assertThat(plan.blocked()).anySatisfy(b -> {
            assertThat(b.subject()).isEqualTo("device lun-a");
            assertThat(b.node()).isEqualTo("n2");
        });
    }


    @Test
    void anAbsentLvOfAVgOnADeviceNobodyHasSeenIsBlockedFromTheFirstPlan() {
        LogicalVolumeSpec absent = new LogicalVolumeSpec("lv01", "vg0", Size.parse("4M"), "n1", null, LvState.ABSENT);
        Plan plan = Planner.plan(Fx.spec(absent), fleet(node("n1").build(), node("n2").build()),
                new PlanOptions(true, java.util.Set.of(), false));
        assertThat(plan.blocked()).anySatisfy(b -> {
            assertThat(b.subject()).isEqualTo("vg0/lv01");
            assertThat(b.reason()).contains("not removed").contains("not known");
        });
    }
}
