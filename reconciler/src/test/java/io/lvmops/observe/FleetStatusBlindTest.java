package io.lvmops.observe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** status on the real lab captures of a node whose LVM went blind while it kept vg0/lv01 mapped and mounted. */
class FleetStatusBlindTest {
    @Test
    void theMappingOnTheBlindNodeIsShownFlaggedAndStatusIsUnhealthy() {
        FleetStatus status = FleetStatus.of(NodeUsageTest.twoNodes("node2"), BlindLabCaptures.fleet("blind1"));
        FleetStatus.Row lv01 = status.rows().get(0);
        assertThat(lv01.cells().get("node1").state()).isEqualTo(FleetStatus.State.OPEN);
        assertThat(lv01.cells().get("node1").mountPoints()).containsExactly("/mnt/t_lv01");
        assertThat(lv01.activeOnNonOwner()).containsExactly("node1");
        assertThat(lv01.flagged()).isTrue();
        assertThat(status.healthy()).isFalse();
        assertThat(status.unknown()).singleElement().satisfies(u -> {
            assertThat(u.vg()).isEqualTo("vg0");
            assertThat(u.node()).isEqualTo("node1");
        });
        String text = StatusRenderer.render(status, false);
        assertThat(text).contains("!!  vg0/lv01").contains("mounted /mnt/t_lv01")
                .contains("!! vg0/lv01 is active on node1, not its owner node2")
                .contains("!! vg0's LVs are unknown on node1: device-mapper on node1 maps vg0/lv01 but LVM there does "
                        + "not list vg0");
    }

    @Test
    void theHealthyCaptureIsHealthy() {
        FleetStatus status = FleetStatus.of(NodeUsageTest.twoNodes("node1"), BlindLabCaptures.fleet("blind0"));
        assertThat(status.unknown()).isEmpty();
        assertThat(status.rows().get(0).flagged()).isFalse();
    }
}
