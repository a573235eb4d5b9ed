package io.lvmops.plan;

import io.lvmops.plan.step.MakeMountPoint;
import io.lvmops.plan.step.Rescan;
import io.lvmops.plan.step.Step;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SavedPlanCheckTest {
    private static final Step A = new Rescan("n1", "r");
    private static final Step B = new MakeMountPoint("n1", "/mnt/a", "r");

    @Test
    void identicalStepsHaveNoDifference() {
        assertThat(SavedPlanCheck.firstDifference(List.of(A, B), List.of(A, B))).isEmpty();
    }

    @Test
    void theFirstDifferenceIsNamedByItsStepNumberAndBothCommands() {
        assertThat(SavedPlanCheck.firstDifference(List.of(A, new MakeMountPoint("n1", "/etc", "r")), List.of(A, B)))
                .hasValue("step 2 differs: the plan file has 'n1: mkdir -p /etc', the spec and the nodes give "
                        + "'n1: mkdir -p /mnt/a'");
        assertThat(SavedPlanCheck.firstDifference(List.of(B, A), List.of(A, B))).get().asString()
                .startsWith("step 1 differs");
        assertThat(SavedPlanCheck.firstDifference(List.of(A, B, A), List.of(A, B))).get().asString()
                .endsWith("the spec and the nodes give (none)");
        assertThat(SavedPlanCheck.firstDifference(List.of(A), List.of(A, B))).get().asString()
                .startsWith("step 2 differs: the plan file has (none)");
    }

    @Test
    void aDifferenceOutsideTheCommandShowsTheWholeSteps() {
        assertThat(SavedPlanCheck.firstDifference(List.of(new Rescan("n1", "edited")), List.of(A))).get().asString()
                .contains("reason=edited").contains("reason=r");
    }
}
