package io.lvmops.observe;

import io.lvmops.transport.CommandResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObservationJsonTest {
    static FleetObservation sample() {
        NodeObservation host = LvmNodeObserver.interpret("node1", LvmNodeObserverTest.HOST_SCRIPT,
                new CommandResult(0, Fixtures.text("host/b-observe.out"), "", Duration.ZERO));
        return FleetObservation.of(Instant.parse("2026-11-25T12:00:00Z"),
                List.of(host, NodeObservation.unreachable("node2", "connection refused")));
    }

    @Test
    void roundTripKeepsEverything() throws Exception {
        FleetObservation fleet = sample();
        assertThat(fleet.nodes().get(0).reachable()).isTrue();

        String json = ObservationJson.write(fleet);
        FleetObservation back = ObservationJson.read(json, "snap.json");

        assertThat(back).isEqualTo(fleet);
        assertThat(json).contains("\"formatVersion\" : 1", "\"attr\" : \"-wi-XX--p-\"",
                "\"observedAt\" : \"2026-11-25T12:00:00Z\"");
    }

    @Test
    void filesystemSizesRoundTripAndAreLeftOutWhenUnknown() throws Exception {
        // the lab's node1 with a 1G ext4 on its 2G lv01 (an apply stopped after lvextend) and a blank lv03
        NodeObservation node1 = LvmNodeObserver.interpret("node1", LvmNodeObserverTest.FS_SCRIPT,
                new CommandResult(0, Fixtures.text("lab/fs2-node1-observe.txt"), "", Duration.ZERO));
        FleetObservation fleet = FleetObservation.of(Instant.parse("2026-11-25T12:00:00Z"), List.of(node1));

        String json = ObservationJson.write(fleet);

        assertThat(ObservationJson.read(json, "snap.json")).isEqualTo(fleet);
        assertThat(json).contains("\"filesystem\" : {", "\"type\" : \"ext4\"", "\"sizeBytes\" : 1073741824")
                .containsOnlyOnce("\"filesystem\"").doesNotContain("\"filesystem\" : null");
    }

    @Test
    void newerOrMissingFormatVersionIsRefusedClearly() {
        String json = ObservationJson.write(sample());
        assertThatThrownBy(() -> ObservationJson.read(json.replace("\"formatVersion\" : 1", "\"formatVersion\" : 2"),
                "snap.json")).hasMessage("snap.json: formatVersion 2 is not supported (this lvmops reads "
                + "formatVersion 1); observe again with this version of lvmops");
        assertThatThrownBy(() -> ObservationJson.read("{\"nodes\": []}", "snap.json"))
                .hasMessageContaining("formatVersion is missing");
        assertThatThrownBy(() -> ObservationJson.read("{\"formatVersion\": 1,\n \"nodes\": [\n", "snap.json"))
                .hasMessageStartingWith("snap.json:3:").hasMessageContaining(": not valid JSON");
        assertThatThrownBy(() -> ObservationJson.read(
                "{\"formatVersion\": 1, \"observedAt\": \"2026-11-25T12:00:00Z\", \"nodes\": [{\"node\": \"n\",\n"
                        + " \"reachable\": true, \"lvs\": [{\"vg\": \"vg0\", \"name\": \"lv\", \"attr\": \"-w\"}]}]}",
                "snap.json")).hasMessageContaining("snap.json:2").hasMessageContaining("attr");
    }
}
