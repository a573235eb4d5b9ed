package io.lvmops.plan;

import io.lvmops.model.FsType;
import io.lvmops.model.NodeSpec;
import io.lvmops.model.Spec;
import io.lvmops.model.VolumeGroupSpec;
import io.lvmops.observe.NodeObservation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.lvmops.plan.Fx.G;
import static io.lvmops.plan.Fx.fleet;
import static io.lvmops.plan.Fx.node;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The planner and the VG lock follow one rule (io.lvmops.model.LockNode): a VG's metadata changes are planned only
 * while its lock node is reachable; no other node stands in, whatever this run happens to reach.
 */
class LockNodePlannerTest {
    private static final List<String> METADATA = List.of("pvcreate", "vgcreate", "lvcreate", "vgchange", "lvextend",
            "lvchange --setautoactivation", "--addtag", "--deltag");

    private static List<String> metadataSteps(Plan plan) {
        return plan.steps().stream().map(s -> s.node() + " " + s.commandLine())
                .filter(l -> METADATA.stream().anyMatch(l::contains)).toList();
    }

    @Test
    void theLockNodeUnreachableMeansNoMetadataChangeAnywhereElse() {
        // n1 (first in spec order: vg0's lock node) is down; n2 is reachable, logged in, and sees a blank LUN
        Plan plan = Planner.plan(Fx.spec(Fx.lv("lv01", "n2", G, FsType.EXT4, "/mnt/t_lv01")),
                fleet(NodeObservation.unreachable("n1", "connect timed out"), node("n2").loggedIn("").build()),
                PlanOptions.DEFAULT);

        assertThat(metadataSteps(plan)).as("nothing may write vg0's metadata while n1 is unreachable").isEmpty();
        assertThat(plan.blocked()).anySatisfy(b -> {
            assertThat(b.subject()).isEqualTo("vg vg0");
            assertThat(b.node()).isEqualTo("n1");
            assertThat(b.reason()).isEqualTo("lock node n1 of vg0 is unreachable: no metadata change of vg0 runs "
                    + "anywhere else");
        });
    }

    @Test
    void theLockNodeFollowsSpecOrderNotReachability() {
        // the spec lists n2 first: n2 is vg0's lock node, so lv01 is created there while n1 is down (a blank
        // device is not initialised while n1's view of it is unknown: DeviceIdentityPlannerTest)
        Spec n2First = Fx.spec(Fx.lv("lv01", "n2", G, FsType.EXT4, "/mnt/t_lv01"));
        n2First = n2First.withNodes(List.of(n2First.nodes().get(1), n2First.nodes().get(0)));
        Plan plan = Planner.plan(n2First, fleet(NodeObservation.unreachable("n1", "connect timed out"),
                node("n2").withVg().build()), PlanOptions.DEFAULT);

        assertThat(metadataSteps(plan)).isNotEmpty().allMatch(l -> l.startsWith("n2 "));
        assertThat(plan.blocked()).noneMatch(b -> b.subject().equals("vg vg0"));
    }

    @Test
    void aNamedMetadataNodeIsTheLockNode() {
        Spec base = Fx.spec(Fx.lv("lv01", "n1", G, FsType.EXT4, "/mnt/t_lv01"));
        VolumeGroupSpec vg = base.volumeGroups().get(0);
        Spec named = new Spec(base.nodes(), base.devices(), List.of(new VolumeGroupSpec(vg.name(), vg.devices(),
                vg.extentSize(), vg.guard(), "n2")), base.logicalVolumes());
        Plan plan = Planner.plan(named, fleet(node("n1").loggedIn("").build(),
                NodeObservation.unreachable("n2", "no route")), PlanOptions.DEFAULT);

        assertThat(metadataSteps(plan)).isEmpty();
        assertThat(plan.blocked()).anySatisfy(b -> assertThat(b.reason())
                .isEqualTo("lock node n2 of vg0 is unreachable: no metadata change of vg0 runs anywhere else"));
        assertThat(named.nodes()).extracting(NodeSpec::name).containsExactly("n1", "n2");
    }
}
