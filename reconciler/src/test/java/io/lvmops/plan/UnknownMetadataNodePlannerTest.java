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
 * Found by PlanSafetyPropertiesTest (seed 904442869): the only reachable node, the VG's metadata node, cannot read
 * device-mapper and sees none of the VG yet. An LV the spec wants absent was then silently "nothing to remove", and
 * blocked only once a login showed it: whether it exists is not known while nobody can change the VG.
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
}
