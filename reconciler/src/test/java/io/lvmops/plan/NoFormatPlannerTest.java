package io.lvmops.plan;

import io.lvmops.model.FsType;
import io.lvmops.plan.step.BlankProof;
import io.lvmops.plan.step.Mkfs;
import io.lvmops.plan.step.PvCreate;
import io.lvmops.plan.step.Step;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.lvmops.plan.Fx.G;
import static io.lvmops.plan.Fx.fleet;
import static io.lvmops.plan.Fx.node;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * mkfs only on what is provably blank: a pre-existing LV whose probe found no signature may hold content blkid does
 * not recognise (a raw database file, plain dm-crypt) or a device it could not read; it is never formatted unless
 * the operator names it.
 */
class NoFormatPlannerTest {

    /** lv01 exists, active on its owner n1, and blkid -p found nothing on it. */
    private static io.lvmops.observe.FleetObservation blankLookingLv() {
        return fleet(node("n1").withVg().lv("lv01", G, true, false, "lvmops_owner_n1").content("lv01", "").build(),
                node("n2").withVg().lv("lv01", G, false, false, "lvmops_owner_n1").build());
    }

    @Test
    void aPreExistingLvThatLooksBlankIsDriftNotAnMkfs() {
        Plan plan = Planner.plan(Fx.twoNodes(), blankLookingLv(), PlanOptions.DEFAULT);
        assertThat(plan.steps()).noneMatch(s -> s instanceof Mkfs);
        assertThat(plan.steps()).noneMatch(s -> s.argv().contains("mkfs.ext4"));
        assertThat(plan.drift()).anySatisfy(d -> {
            assertThat(d.subject()).isEqualTo("vg0/lv01");
            assertThat(d.message()).startsWith("no filesystem recognised on vg0/lv01; lvmops does not format an "
                    + "existing LV").contains("--allow-format vg0/lv01");
        });
        // and nothing is mounted on top of what may be someone's data
        assertThat(plan.steps()).noneMatch(s -> s.argv().contains("mount"));
    }

    @Test
    void withAllowFormatNamingItTheMkfsIsPlannedAndStillProvedBlankOnTheNode() {
        Plan plan = Planner.plan(Fx.twoNodes(), blankLookingLv(),
                new PlanOptions(false, Set.of(), false, Set.of("vg0/lv01")));
        Step mkfs = plan.steps().stream().filter(s -> s instanceof Mkfs).findFirst().orElseThrow();
        assertThat(mkfs.node()).isEqualTo("n1");
        assertThat(mkfs.argv()).containsSubsequence("sh", "-c", BlankProof.SCRIPT, "lvmops-blank", "-b",
                "/dev/vg0/lv01", "--", "mkfs.ext4", "-q", "/dev/vg0/lv01");
        assertThat(mkfs.reason()).contains("--allow-format");
        assertThat(plan.drift()).noneMatch(d -> d.message().startsWith("no filesystem recognised"));
    }

    @Test
    void allowFormatNamingAnotherLvChangesNothing() {
        Plan plan = Planner.plan(Fx.twoNodes(), blankLookingLv(),
                new PlanOptions(false, Set.of(), false, Set.of("vg0/lv02")));
        assertThat(plan.steps()).noneMatch(s -> s instanceof Mkfs);
    }

    @Test
    void allowFormatWithoutAFilesystemInTheSpecFormatsNothing() {
        Plan plan = Planner.plan(Fx.spec(Fx.lv("lv01", "n1", G, null, null)), blankLookingLv(),
                new PlanOptions(false, Set.of(), false, Set.of("vg0/lv01")));
        assertThat(plan.steps()).noneMatch(s -> s instanceof Mkfs);
    }

    @Test
    void anLvCreatedByThisApplyIsFormattedWithoutTheFlagButProvedBlankOnTheNode() {
        Plan plan = Planner.plan(Fx.twoNodes(), fleet(node("n1").withVg().build(), node("n2").withVg().build()),
                PlanOptions.DEFAULT);
        Step mkfs = plan.steps().stream().filter(s -> s instanceof Mkfs).findFirst().orElseThrow();
        assertThat(mkfs.argv()).startsWith("sh", "-c", BlankProof.SCRIPT, "lvmops-blank", "-b", "/dev/vg0/lv01");
    }

    @Test
    void everyPvcreateIsProvedBlankOnTheNodeRightBeforeIt() {
        Plan plan = Planner.plan(Fx.twoNodes(), fleet(node("n1").loggedIn("").build(), node("n2").loggedIn("").build()),
                PlanOptions.DEFAULT);
        Step pv = plan.steps().stream().filter(s -> s instanceof PvCreate).findFirst().orElseThrow();
        assertThat(pv.argv()).containsExactly("sh", "-c", BlankProof.SCRIPT, "lvmops-blank", "-b", Fx.DEV, "--",
                "lvm", "pvcreate", "--config", "devices/hints=none", Fx.DEV);
    }
}
