package io.lvmops.daemon;

import io.lvmops.model.Spec;
import io.lvmops.model.load.SpecLoader;
import io.lvmops.observe.BlindLabCaptures;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The daemon's findings (metrics, notifications) follow the same rule as status and the planner. */
class ObservationFindingsBlindTest {
    @Test
    void aDeviceMapperOnlyMappingIsPlacementDriftAndTheBlindVgIsBlocked() {
        Spec spec = SpecLoader.load(Map.of("spec.yaml", """
                apiVersion: lvmops/v1
                nodes:
                  - {name: node1, host: 127.0.0.1, port: 2201}
                  - {name: node2, host: 127.0.0.1, port: 2202}
                devices:
                  - {name: test_block_a, path: /dev/mapper/test_block_a}
                volumeGroups:
                  - {name: vg0, devices: [test_block_a]}
                logicalVolumes:
                  - {name: lv01, vg: vg0, size: 1G, owner: node2}
                """)).spec();
        CycleResult r = ObservationFindings.observed("rev", false, spec, BlindLabCaptures.fleet("blind1"));
        assertThat(r.placement()).singleElement().satisfies(p -> assertThat(p.activeOn()).containsExactly("node1"));
        assertThat(r.drift()).anySatisfy(f -> assertThat(f.node()).isEqualTo("node1"));
        assertThat(r.blocked()).anySatisfy(f -> {
            assertThat(f.subject()).isEqualTo("vg vg0");
            assertThat(f.node()).isEqualTo("node1");
        });
    }
}
