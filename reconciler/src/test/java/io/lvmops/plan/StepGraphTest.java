package io.lvmops.plan;

import io.lvmops.model.FsType;
import io.lvmops.plan.step.Activate;
import io.lvmops.plan.step.Deactivate;
import io.lvmops.plan.step.IscsiLogin;
import io.lvmops.plan.step.LvCreate;
import io.lvmops.plan.step.MakeMountPoint;
import io.lvmops.plan.step.Mkfs;
import io.lvmops.plan.step.Mount;
import io.lvmops.plan.step.PvCreate;
import io.lvmops.plan.step.Step;
import io.lvmops.plan.step.StepScope;
import io.lvmops.plan.step.VerifyInactive;
import io.lvmops.plan.step.VgCreate;
import io.lvmops.plan.step.WaitForDevice;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StepGraphTest {
    private static final String DEV = "/dev/mapper/a";

    @Test
    void aSecondNodesLoginOverlapsTheMetadataNodesWorkButKeepsItsOwnOrder() {
        List<Step> steps = List.of(
                new IscsiLogin("n1", "t", "p", "r"),                                  // 0
                new WaitForDevice("n1", DEV, "r"),                                    // 1
                new IscsiLogin("n2", "t", "p", "r"),                                  // 2
                new WaitForDevice("n2", DEV, "r"),                                    // 3
                new PvCreate("n1", DEV, "r"),                                         // 4
                new VgCreate("n1", "vg0", List.of(DEV), null, true, false, "r"),      // 5
                new LvCreate("n1", "vg0", "lv01", 1L << 30, false, List.of(), true, "r"), // 6
                new Mkfs("n1", "vg0", "lv01", FsType.EXT4, "r"),                      // 7
                new MakeMountPoint("n1", "/mnt/x", "r"),                              // 8
                new Mount("n1", "vg0", "lv01", FsType.EXT4, "/mnt/x", "r"));          // 9
        StepGraph g = StepGraph.of(steps);

        assertThat(g.waitsFor(3, 2)).as("n2 keeps its own order").isTrue();
        assertThat(g.waitsFor(2, 1)).as("n2's login does not wait for n1's").isFalse();
        assertThat(g.waitsFor(4, 3)).as("pvcreate on n1 does not wait for n2's login").isFalse();
        assertThat(g.waitsFor(9, 3)).as("nor does n1's mount").isFalse();
        assertThat(g.waitsFor(4, 1)).as("pvcreate waits for its own node's device").isTrue();
        assertThat(g.waitsFor(6, 5)).as("metadata changes are serial").isTrue();
        assertThat(g.waitsFor(9, 6)).isTrue();
    }

    @Test
    void aLoginPlannedAfterAMetadataChangeWaitsForIt() {
        // the planner puts a login after "autoactivation off": the login must never see the VG before that
        List<Step> steps = List.of(
                new VgCreate("n1", "vg0", List.of(DEV), null, true, false, "r"),
                new IscsiLogin("n2", "t", "p", "r"));
        assertThat(StepGraph.of(steps).waitsFor(1, 0)).isTrue();
    }

    @Test
    void activationStepsRunAloneInPlanOrder() {
        List<Step> steps = List.of(
                new MakeMountPoint("n3", "/mnt/x", "r"),       // 0
                new Deactivate("n1", "vg0", "lv01", "r"),      // 1
                new VerifyInactive("n1", "vg0", "lv01", "r"),  // 2
                new MakeMountPoint("n3", "/mnt/y", "r"),       // 3
                new Activate("n2", "vg0", "lv01", false, "r"), // 4
                new Mount("n2", "vg0", "lv01", FsType.EXT4, "/mnt/x", "r")); // 5
        StepGraph g = StepGraph.of(steps);
        assertThat(g.waitsFor(1, 0)).as("a deactivation waits for everything before it").isTrue();
        assertThat(g.waitsFor(3, 2)).as("and everything after a verification waits for it").isTrue();
        assertThat(g.waitsFor(4, 3)).as("an activation waits for everything before it").isTrue();
        assertThat(g.waitsFor(4, 2)).isTrue();
        assertThat(g.waitsFor(5, 4)).isTrue();
        for (int later = 0; later < steps.size(); later++) {
            for (int earlier = 0; earlier < later; earlier++) {
                boolean cluster = StepScope.of(steps.get(later)) == StepScope.CLUSTER
                        || StepScope.of(steps.get(earlier)) == StepScope.CLUSTER;
                if (cluster) {
                    assertThat(g.waitsFor(later, earlier)).as("%d waits for %d", later, earlier).isTrue();
                }
            }
        }
    }

    @Test
    void everyStepTypeHasADeliberateScope() {
        assertThat(StepScope.of(new IscsiLogin("n", "t", "p", "r"))).isEqualTo(StepScope.NODE);
        assertThat(StepScope.of(new PvCreate("n", DEV, "r"))).isEqualTo(StepScope.METADATA);
        assertThat(StepScope.of(new Activate("n", "vg0", "lv01", false, "r"))).isEqualTo(StepScope.CLUSTER);
        assertThat(StepScope.of(new VerifyInactive("n", "vg0", "lv01", "r"))).isEqualTo(StepScope.CLUSTER);
    }
}
