package io.lvmops.plan;

import io.lvmops.model.FsType;
import io.lvmops.model.Spec;
import io.lvmops.plan.step.Activate;
import io.lvmops.plan.step.LvTags;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.lvmops.plan.Fx.G;
import static io.lvmops.plan.Fx.fleet;
import static io.lvmops.plan.Fx.node;
import static org.assertj.core.api.Assertions.assertThat;

class RetiredNodesPlannerTest {
    @Test
    void aRetiredNodeNamedByAnOwnerTagNoLongerHoldsTheLv() {
        Spec base = Fx.spec(Fx.lv("lv01", "n1", G, FsType.EXT4, "/mnt/t_lv01"));
        Spec retired = new Spec(base.nodes(), base.devices(), base.volumeGroups(), base.logicalVolumes(), List.of("n3"));
        Plan plan = Planner.plan(retired, fleet(node("n1").withVg().lv("lv01", G, false, false, "lvmops_owner_n3").build(),
                node("n2").withVg().lv("lv01", G, false, false, "lvmops_owner_n3").build()), PlanOptions.DEFAULT);
        assertThat(plan.blocked()).noneMatch(b -> b.reason().contains("n3"));
        assertThat(plan.steps()).anyMatch(s -> s instanceof LvTags t && t.delete().contains("lvmops_owner_n3"));
        assertThat(plan.steps()).anyMatch(s -> s instanceof Activate a && a.node().equals("n1"));
    }
}
