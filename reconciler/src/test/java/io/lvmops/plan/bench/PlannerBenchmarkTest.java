package io.lvmops.plan.bench;

import io.lvmops.plan.Plan;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Collection;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the planner benchmark with JMH and prints the score next to the target, with the load average:
 * {@code mvn -o -pl reconciler -am test -Dtest=PlannerBenchmarkTest -Dtest.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false}
 * (or {@link #main}, which takes JMH's command-line options, e.g. {@code -prof gc}).
 */
@Tag("bench")
class PlannerBenchmarkTest {
    static final double TARGET_MS = 100;

    @Test
    void planning1000NodesX10000Lvs() throws Exception {
        // The data set's plan is what the benchmark measures: check it is the expected non-trivial one.
        PlannerBenchmark b = new PlannerBenchmark();
        b.setUp();
        Plan plan = b.plan();
        // 100 LVs grow (lvextend + refresh + resize2fs, minus refresh when the owner is the metadata node),
        // 100 LVs active on a second node (deactivate + verify)
        assertThat(plan.steps()).hasSizeGreaterThan(400);
        assertThat(plan.blocked()).isEmpty();
        b = null;
        plan = null;
        main(new String[0]);
    }

    public static void main(String[] args) throws Exception {
        String loadBefore = PlannerBenchmark.loadAverage();
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .parent(new CommandLineOptions(args))
                .include(PlannerBenchmark.class.getName() + ".plan$").build()).run();
        for (RunResult r : results) {
            double ms = r.getPrimaryResult().getScore();
            System.out.printf(Locale.ROOT, "%nplanning 1000 nodes x 10000 LVs: %.1f ms ± %.1f (99.9%%) (target < %.0f ms): "
                            + "%s, ratio %.2f; load average before %s, after %s%n", ms,
                    r.getPrimaryResult().getScoreError(), TARGET_MS, ms < TARGET_MS ? "MET" : "NOT MET",
                    ms / TARGET_MS, loadBefore, PlannerBenchmark.loadAverage());
        }
    }
}
