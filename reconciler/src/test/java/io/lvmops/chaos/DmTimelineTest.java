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

    @Test
    void aHandoverWithAGapBetweenTheNodesIsNoDoubleMapping() {
        DmTimeline t = new DmTimeline(3_000 * MS);
        for (long ms = 0; ms <= 5_000; ms += 500) {
            t.add(sample("node1", ms, ms < 2_000));
            t.add(sample("node2", ms + 100, ms >= 3_000));
        }
        assertThat(t.doubleMappings()).isEmpty();
    }

    @Test
    void overlappingIntervalsAreADoubleMappingNamedWithItsNodesAndTimes() {
        DmTimeline t = new DmTimeline(3_000 * MS);
        for (long ms = 0; ms <= 5_000; ms += 500) {
            t.add(sample("node1", ms, ms < 3_000));
            t.add(sample("node2", ms + 100, ms >= 2_000));
        }
        assertThat(t.doubleMappings()).singleElement().satisfies(d -> {
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
