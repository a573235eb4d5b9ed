package io.lvmops.chaos;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DmTimelineTest {
    private static final long MS = 1_000_000L;
    private static final String UUID = "LVM-aaaa";

    private static DmTimeline.Sample sample(String node, long atMs, boolean mapped) {
        return new DmTimeline.Sample(node, atMs * MS, (atMs + 50) * MS, mapped ? Map.of(UUID, "vg0-lv01") : Map.of());
    }

    /** Samples every 0.5 s for 5 s: node1 maps the LV until {@code node1Until}, node2 from {@code node2From}. */
    private static DmTimeline handover(long node1UntilMs, long node2FromMs) {
        DmTimeline t = new DmTimeline(3_000 * MS);
        for (long ms = 0; ms <= 5_000; ms += 500) {
            t.add(sample("node1", ms, ms < node1UntilMs));
            t.add(sample("node2", ms + 100, ms >= node2FromMs));
        }
        return t;
    }

    @Test
    void aHandoverWithAGapBetweenTheNodesIsNoDoubleMapping() {
        assertThat(handover(2_000, 3_000).doubleMappings()).isEmpty();
    }

    @Test
    void overlappingIntervalsAreADoubleMappingNamedWithItsNodesAndTimes() {
        assertThat(handover(3_000, 2_000).doubleMappings()).singleElement().satisfies(d -> {
            assertThat(d.lv()).isEqualTo("vg0-lv01");
            assertThat(d.describe(0)).isEqualTo("vg0-lv01 mapped on node1 and node2 from 2.1 s to 2.6 s");
        });
    }

    @Test
    void aGapLongerThanAllowedEndsWhatANodeIsKnownToHold() {
        DmTimeline t = new DmTimeline(3_000 * MS);
        // node1 is seen with the LV at 0 s and again at 10 s (powered off between): node2 held it at 5 s alone
        t.add(sample("node1", 0, true));
        t.add(sample("node1", 10_000, true));
        t.add(sample("node2", 5_000, true));
        assertThat(t.doubleMappings()).isEmpty();
        t.add(sample("node2", 10_020, true));
        assertThat(t.doubleMappings()).hasSize(1);
    }
}
