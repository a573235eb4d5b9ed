package io.lvmops.plan;

import io.lvmops.model.FsType;
import io.lvmops.model.Spec;
import io.lvmops.plan.step.FsGrow;
import io.lvmops.plan.step.Refresh;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.lvmops.plan.Fx.G;
import static io.lvmops.plan.Fx.fleet;
import static io.lvmops.plan.Fx.node;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An apply that stopped (or was killed) between lvextend and the filesystem grow leaves the LV at its spec size and
 * the filesystem at its old one: only the observed filesystem size tells the next plan to finish the grow.
 */
class UnfinishedGrowPlannerTest {
    private static final String H = " --config devices/hints=none";
    private static final long M = 1L << 20;
    private static final Spec TWO_G = Fx.spec(Fx.lv("lv01", "n1", 2 * G, FsType.EXT4, "/mnt/t_lv01"));

    private static List<String> lines(Plan plan) {
        return plan.steps().stream().map(s -> s.node() + " " + s.action().symbol() + " " + s.commandLine()).toList();
    }

    @Test
    void ownerMountsA1GFilesystemOnA2GLv_onlyTheGrowIsPlanned() {
        Plan plan = Planner.plan(TWO_G, fleet(
                node("n1").withVg().lv("lv01", 2 * G, true, true, "lvmops_owner_n1").filesystem("lv01", 2 * G, G)
                        .mounted("lv01", "/mnt/t_lv01").build(),
                node("n2").withVg().lv("lv01", 2 * G, false, false, "lvmops_owner_n1").build()), PlanOptions.DEFAULT);

        assertThat(lines(plan)).containsExactly("n1 ~ resize2fs /dev/vg0/lv01");
        assertThat(plan.steps().get(0).reason())
                .isEqualTo("filesystem on vg0/lv01 is 1.0G, the LV is 2.0G (an earlier apply stopped after lvextend)");
        assertThat(plan.drift()).singleElement().satisfies(d -> {
            assertThat(d.subject()).isEqualTo("vg0/lv01");
            assertThat(d.message()).isEqualTo("filesystem 1.0G, the LV 2.0G: not grown");
        });
        assertThat(plan.summary().line()).isEqualTo("Plan: 0 to add, 1 to change, 0 to destroy, 0 blocked.");
    }

    @Test
    void aFilesystemThatFillsItsLvUpToItsTail_noChanges() {
        // what resize2fs leaves at most: a last group of 692 blocks too small for its bookkeeping (the tail is 694)
        Plan full = Planner.plan(TWO_G, fleet(
                node("n1").withVg().lv("lv01", 2 * G, true, true, "lvmops_owner_n1")
                        .filesystem("lv01", 2 * G, 2 * G - 692 * 4096).mounted("lv01", "/mnt/t_lv01").build(),
                node("n2").withVg().lv("lv01", 2 * G, false, false, "lvmops_owner_n1").build()), PlanOptions.DEFAULT);
        assertThat(full.steps()).isEmpty();
        assertThat(full.summary().line()).isEqualTo("No changes.");

        // one extent (4 MiB) short is more than any tail: an lvextend by one extent whose grow never ran
        Plan oneExtent = Planner.plan(TWO_G, fleet(
                node("n1").withVg().lv("lv01", 2 * G, true, true, "lvmops_owner_n1")
                        .filesystem("lv01", 2 * G, 2 * G - 4 * M).mounted("lv01", "/mnt/t_lv01").build(),
                node("n2").withVg().lv("lv01", 2 * G, false, false, "lvmops_owner_n1").build()), PlanOptions.DEFAULT);
        assertThat(lines(oneExtent)).containsExactly("n1 ~ resize2fs /dev/vg0/lv01");
    }

    @Test
    void anUnknownFilesystemSizeChangesNothing() {
        // an older lvmops' snapshot, a missing dumpe2fs: no size, no guess
        Plan plan = Planner.plan(TWO_G, fleet(
                node("n1").withVg().lv("lv01", 2 * G, true, true, "lvmops_owner_n1").mounted("lv01", "/mnt/t_lv01").build(),
                node("n2").withVg().lv("lv01", 2 * G, false, false, "lvmops_owner_n1").build()), PlanOptions.DEFAULT);
        assertThat(plan.steps()).isEmpty();
    }

    @Test
    void extendedOnAnotherNodeAndNeverRefreshed_refreshThenGrowOnTheOwner() {
        // n1 (the metadata node) ran lvextend; the apply stopped before n2 reloaded its table
        Spec spec = Fx.spec(Fx.lv("lv01", "n2", 2 * G, FsType.EXT4, "/mnt/t_lv01"));
        Plan plan = Planner.plan(spec, fleet(
                node("n1").withVg().lv("lv01", 2 * G, false, false, "lvmops_owner_n2").build(),
                node("n2").withVg().lv("lv01", 2 * G, true, true, "lvmops_owner_n2").filesystem("lv01", G, G)
                        .mounted("lv01", "/mnt/t_lv01").build()), PlanOptions.DEFAULT);

        assertThat(lines(plan)).containsExactly(
                "n2 ~ lvm lvchange" + H + " --refresh vg0/lv01",
                "n2 ~ resize2fs /dev/vg0/lv01");
        assertThat(plan.steps().get(0)).isInstanceOf(Refresh.class);
        assertThat(plan.steps().get(0).reason()).isEqualTo("device-mapper table of vg0/lv01 on n2 is 1.0G, the LV "
                + "is 2.0G (an earlier apply stopped after lvextend on another node)");

        // refreshed, and stopped again before the grow
        Plan grow = Planner.plan(spec, fleet(
                node("n1").withVg().lv("lv01", 2 * G, false, false, "lvmops_owner_n2").build(),
                node("n2").withVg().lv("lv01", 2 * G, true, true, "lvmops_owner_n2").filesystem("lv01", 2 * G, G)
                        .mounted("lv01", "/mnt/t_lv01").build()), PlanOptions.DEFAULT);
        assertThat(lines(grow)).containsExactly("n2 ~ resize2fs /dev/vg0/lv01");
    }

    @Test
    void xfsIsGrownThroughItsMountPoint() {
        Spec spec = Fx.spec(Fx.lv("lv02", "n1", 1536 * M, FsType.XFS, "/mnt/t_lv02"));
        Plan plan = Planner.plan(spec, fleet(
                node("n1").withVg().lv("lv02", 1536 * M, true, true, "lvmops_owner_n1").content("lv02", "xfs")
                        .filesystem("lv02", 1536 * M, G).mounted("lv02", "/mnt/t_lv02").build(),
                node("n2").withVg().lv("lv02", 1536 * M, false, false, "lvmops_owner_n1").build()), PlanOptions.DEFAULT);
        assertThat(lines(plan)).containsExactly("n1 ~ xfs_growfs /mnt/t_lv02");
        assertThat(plan.steps().get(0).reason()).isEqualTo("filesystem on vg0/lv02 is 1.0G, the LV is 1.5G (an "
                + "earlier apply stopped after lvextend)");

        // 12 MiB short is within what mkfs.xfs may leave off (an allocation group under 16 MiB): no grow
        Plan withinTail = Planner.plan(spec, fleet(
                node("n1").withVg().lv("lv02", 1536 * M, true, true, "lvmops_owner_n1").content("lv02", "xfs")
                        .filesystem("lv02", 1536 * M, 1524 * M).mounted("lv02", "/mnt/t_lv02").build(),
                node("n2").withVg().lv("lv02", 1536 * M, false, false, "lvmops_owner_n1").build()), PlanOptions.DEFAULT);
        assertThat(withinTail.steps()).isEmpty();
    }

    @Test
    void aGrowTheSpecAsksForIsPlannedOnce() {
        // the spec now says 3G: lvextend and one grow (the 1G filesystem on the 2G LV is covered by it)
        Spec spec = Fx.spec(Fx.lv("lv01", "n1", 3 * G, FsType.EXT4, "/mnt/t_lv01"));
        Plan plan = Planner.plan(spec, fleet(
                node("n1").withVg().lv("lv01", 2 * G, true, true, "lvmops_owner_n1").filesystem("lv01", 2 * G, G)
                        .mounted("lv01", "/mnt/t_lv01").build(),
                node("n2").withVg().lv("lv01", 2 * G, false, false, "lvmops_owner_n1").build()), PlanOptions.DEFAULT);
        assertThat(lines(plan)).containsExactly(
                "n1 ~ lvm lvextend" + H + " -L 3221225472b vg0/lv01",
                "n1 ~ resize2fs /dev/vg0/lv01");
    }

    @Test
    void handedOverAfterAnUnfinishedGrow_theNewOwnerGrowsItAfterMounting() {
        // the previous owner n1 still has it mounted; its probe read the 1G filesystem of the 2G LV
        Spec spec = Fx.spec(Fx.lv("lv01", "n2", 2 * G, FsType.EXT4, "/mnt/t_lv01"));
        Plan plan = Planner.plan(spec, fleet(
                node("n1").withVg().lv("lv01", 2 * G, true, true, "lvmops_owner_n1").filesystem("lv01", 2 * G, G)
                        .mounted("lv01", "/mnt/t_lv01").build(),
                node("n2").withVg().lv("lv01", 2 * G, false, false, "lvmops_owner_n1").build()), PlanOptions.DEFAULT);
        List<String> lines = lines(plan);
        assertThat(lines).endsWith(
                "n2 ~ lvm lvchange" + H + " -ay vg0/lv01",
                "n2 + mkdir -p /mnt/t_lv01",
                "n2 + mount -t ext4 /dev/vg0/lv01 /mnt/t_lv01",
                "n2 ~ resize2fs /dev/vg0/lv01");
        assertThat(plan.steps()).filteredOn(s -> s instanceof FsGrow).hasSize(1);
    }

    @Test
    void approxSizes() {
        assertThat(Planner.approx(G)).isEqualTo("1.0G");
        assertThat(Planner.approx(1536 * M)).isEqualTo("1.5G");
        assertThat(Planner.approx(512 * M)).isEqualTo("512.0M");
        assertThat(Planner.approx(2 * G - 692 * 4096)).isEqualTo("2.0G");
        assertThat(Planner.approx(1000)).isEqualTo("1000B");
    }
}
