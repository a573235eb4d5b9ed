package io.lvmops.observe;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** status names a device the nodes do not see as the same, and exits non-zero (real lab captures). */
class DeviceIdentityStatusTest {
    private static final List<String> PATHS = List.of("/dev/mapper/test_block_a", "/dev/mapper/test_block_b",
            "/dev/vg0/lv01");

    @Test
    void anotherLunUnderTheSameAliasIsAProblemNamingBothNodes() {
        FleetObservation fleet = FleetObservation.of(Instant.parse("2026-01-01T00:00:00Z"), List.of(
                DeviceIdentityLabCapturesTest.node("node1", "ident-node1", PATHS),
                DeviceIdentityLabCapturesTest.node("node2", "ident-node2-swapped", PATHS)));
        var spec = new io.lvmops.model.Spec(List.of(io.lvmops.model.NodeSpec.of("node1", "h1"),
                io.lvmops.model.NodeSpec.of("node2", "h2")),
                List.of(new io.lvmops.model.DeviceSpec("test_block_a", "/dev/mapper/test_block_a", null)),
                List.of(), List.of());

        FleetStatus status = FleetStatus.of(spec, fleet);

        assertThat(status.healthy()).isFalse();
        String text = StatusRenderer.render(status, false);
        assertThat(text).contains("!! device test_block_a: /dev/mapper/test_block_a is not the same device on "
                + "every node (identity differs): node1 sees WWID 360000000000000000e00000000010001 (2G, blank), "
                + "node2 sees WWID 360000000000000000e00000000020001 (2G, blank)");
    }

    @Test
    void nodesThatAgreeAreHealthy() {
        FleetObservation fleet = FleetObservation.of(Instant.parse("2026-01-01T00:00:00Z"), List.of(
                DeviceIdentityLabCapturesTest.node("node1", "ident-node1", PATHS)));
        var spec = new io.lvmops.model.Spec(List.of(io.lvmops.model.NodeSpec.of("node1", "h1")),
                List.of(new io.lvmops.model.DeviceSpec("test_block_a", "/dev/mapper/test_block_a", null,
                        "naa.60000000000000000e00000000010001")), List.of(), List.of());
        assertThat(FleetStatus.of(spec, fleet).problems()).isEmpty();
    }
}
