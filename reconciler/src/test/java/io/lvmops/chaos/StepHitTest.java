package io.lvmops.chaos;

import org.junit.jupiter.api.Test;

import static io.lvmops.chaos.ChaosRun.CLI_FAILED;
import static io.lvmops.chaos.ChaosRun.CLI_STEP;
import static io.lvmops.chaos.ChaosRun.stepHit;
import static org.assertj.core.api.Assertions.assertThat;

/** The step a fault fell on, from the apply's real output format (PrintingApplyListener). */
class StepHitTest {
    private static final String BEFORE = "[7/22] node2 + iscsiadm -m node -o new -T t -p p (0.2s)\n"
            + "[3/22] node1 + iscsiadm -m node -o new -T t -p p (1.3s)\n";
    private static final String AFTER = "[8/22] node2 ~ iscsiadm -m node -T t -p p -o update (0.4s)\n";

    @Test
    void theFirstStepToCompleteAfterTheStrike_byTimeNotByNumber() {
        ChaosRun.Strike strike = new ChaosRun.Strike(2, BEFORE.length(), 0);
        assertThat(stepHit(strike, BEFORE + AFTER, "", CLI_STEP, CLI_FAILED))
                .isEqualTo("8/22 node2 iscsiadm -m node -T t -p p -o update");
    }

    @Test
    void aStepThatFailedAfterTheStrikeIsTheOneItFellOn() {
        String locked = "lvmops: locked vg0 on node1\n";
        String err = locked + "[9] FAILED on node2 after 0.4s: iscsiadm -m node -T t -p p --login\n  lost node2\n";
        ChaosRun.Strike strike = new ChaosRun.Strike(2, BEFORE.length(), locked.length());
        assertThat(stepHit(strike, BEFORE + AFTER, err, CLI_STEP, CLI_FAILED))
                .isEqualTo("9/22 FAILED node2 iscsiadm -m node -T t -p p --login");
    }

    @Test
    void nothingAfterTheStrike() {
        assertThat(stepHit(new ChaosRun.Strike(2, BEFORE.length(), 0), BEFORE, "", CLI_STEP, CLI_FAILED))
                .isEqualTo("after step 2 of 22 (no step ran after it)");
        assertThat(stepHit(new ChaosRun.Strike(0, 0, 0), "", "", CLI_STEP, CLI_FAILED))
                .isEqualTo("before any step (no step ran)");
    }
}
