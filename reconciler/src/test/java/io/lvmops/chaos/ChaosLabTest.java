package io.lvmops.chaos;

import io.lvmops.lab.Lab;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault campaign in the lab suite: three seeded runs plus every seed of {@code lab/chaos-regressions} (runs
 * that once found a bug), on one lab, exactly as {@code lab/chaos --seeds …} runs them. Every run must see no double
 * mapping, lose no acknowledged record, and converge with every LV on its owner only (every fault here is healed,
 * so a blocked run is a failure too).
 */
@Tag("lab")
@EnabledIf(value = "io.lvmops.lab.Lab#available", disabledReason = "lab/lab is absent from this checkout")
class ChaosLabTest {
    /**
     * Three runs that strike during a handover (LVM blind on the new owner), a create from blank (the other node
     * powered off) and the daemon's apply of a Git commit (a CLI apply at once).
     */
    static final List<Long> SEEDED = List.of(3L, 2L, 44L);

    @TempDir
    Path tmp;

    @Test
    void seededRunsAndRegressionSeeds_noDoubleMappingNoLostRecordEveryRunConverges() throws Exception {
        List<Long> seeds = new ArrayList<>(SEEDED);
        seeds.addAll(ChaosCampaign.regressionSeeds(findRegressions(Path.of("").toAbsolutePath())));
        List<RunResult> results;
        List<DmTimeline.DoubleMapping> control;
        try (Lab lab = Lab.up(2, 3, "2G")) {
            results = ChaosCampaign.run(lab, seeds, tmp.resolve("chaos"), System.out);
            control = aRootForcingActivationOnTheNonOwner(lab);
        }
        // the sampler sees a double mapping when there is one: a root overriding LVM's configuration on the command
        // line activates past guard: tags (only guard: sanlock's lease stops that)
        assertThat(control).as("the sampler saw the forced activation").hasSize(1)
                .allSatisfy(d -> assertThat(d.lv()).isEqualTo("vg0-lv01"));
        assertThat(results).hasSize(seeds.size());
        for (RunResult r : results) {
            assertThat(r.failed()).as("%s%n%s", r.line(), String.join("\n", r.notes())).isFalse();
            assertThat(r.doubleMappings()).as(r.line()).isEmpty();
            assertThat(r.recordsLost()).as(r.line()).isZero();
            assertThat(r.recordsAcked()).as("the writer wrote: %s", r.line()).isPositive();
            assertThat(r.converged()).as(r.line()).isTrue();
            assertThat(r.placementRight()).as("%s%n%s", r.line(), String.join("\n", r.notes())).isTrue();
        }
    }

    /** lv01 activated by force on the node that does not own it, for 3 s, while the sampler runs. */
    private static List<DmTimeline.DoubleMapping> aRootForcingActivationOnTheNonOwner(Lab lab) throws Exception {
        String owner = lab.sshOk("node1", "lvm lvs --noheadings -o lv_active vg0/lv01").isBlank() ? "node2" : "node1";
        String other = owner.equals("node1") ? "node2" : "node1";
        DmTimeline timeline = new DmTimeline(java.util.concurrent.TimeUnit.SECONDS.toNanos(3));
        try (DmSampler sampler = new DmSampler(lab, timeline).start()) {
            sampler.awaitFreshSamples(2, 60_000);
            assertThat(timeline.doubleMappings()).isEmpty();
            lab.sshOk(other, "lvm lvchange -ay --config 'activation/volume_list=[\"vg0\"]' vg0/lv01");
            try {
                sampler.awaitFreshSamples(4, 60_000);
            } finally {
                lab.sshOk(other, "lvm lvchange -an vg0/lv01");
            }
            sampler.awaitFreshSamples(2, 60_000);
        }
        return timeline.doubleMappings();
    }

    private static Path findRegressions(Path from) {
        for (Path dir = from; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("lab/chaos-regressions"))) {
                return dir.resolve("lab/chaos-regressions");
            }
        }
        throw new IllegalStateException("no lab/chaos-regressions above " + from);
    }
}
