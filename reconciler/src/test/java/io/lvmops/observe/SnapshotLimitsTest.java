package io.lvmops.observe;

import io.lvmops.plan.render.PlanJson;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Snapshots and saved plans past Jackson's limits (nesting depth, number length) give a clear one-line error naming
 * the file and position, never a NullPointerException.
 */
class SnapshotLimitsTest {
    private static final String DEEP = "{\"formatVersion\": 1, \"nodes\": " + "[".repeat(5000) + "]".repeat(5000) + "}";
    private static final String LONG_NUMBER = "{\"formatVersion\": 1, \"x\": " + "1".repeat(5000) + "}";

    @Test
    void aTooDeeplyNestedSnapshotIsAClearError() {
        assertThatThrownBy(() -> ObservationJson.read(DEEP, "snap.json"))
                .isInstanceOf(ObservationJson.SnapshotException.class)
                .hasMessageStartingWith("snap.json:1:")
                .hasMessageContaining("nesting depth")
                .hasMessageNotContaining("null");
    }

    @Test
    void aTooLongNumberInASnapshotIsAClearError() {
        assertThatThrownBy(() -> ObservationJson.read(LONG_NUMBER, "snap.json"))
                .isInstanceOf(ObservationJson.SnapshotException.class)
                .hasMessageStartingWith("snap.json:1:")
                .hasMessageContaining("Number value length")
                .hasMessageNotContaining("null");
    }

    @Test
    void aTooLongNumberInASavedPlanIsAClearError() {
        assertThatThrownBy(() -> PlanJson.readSaved("{\"formatVersion\": " + "1".repeat(5000) + "}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a plan written by lvmops plan --out: line 1:")
                .hasMessageContaining("Number value length")
                .hasMessageNotContaining("null");
    }
}
