package io.lvmops.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lvmops.transport.CommandResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The load-test output of {@link LabObserveOutput} is framed and printed exactly like the real thing. */
class LabObserveOutputTest {

    @Test
    void framingAndLvmJsonLayoutReproduceTheRealWholeScriptCaptureByteForByte() throws Exception {
        String real = Fixtures.text("lab/s4-node1-lockd-observe.out");
        ObserveOutput parsed = LabObserveOutput.realWholeScriptOutput();
        JsonNode report = new ObjectMapper().readTree(parsed.section("fullreport").orElseThrow().stdout())
                .path("report").path(0);
        List<Long> pvsegStarts = new ArrayList<>();
        report.path("pvseg").forEach(p -> pvsegStarts.add(p.path("pvseg_start").asLong()));

        StringBuilder rebuilt = new StringBuilder("@@lvmops-fixture begin 1\n");
        for (ObserveOutput.Section s : parsed.sections().values()) {
            String stdout = s.name().equals("fullreport")
                    ? LabObserveOutput.fullreport(report.path("vg").path(0), report.path("pv").path(0), List.of(),
                    pvsegStarts)
                    : s.stdout();
            LabObserveOutput.section(rebuilt, s.name(), stdout, s.stderr(), s.exitCode());
        }
        rebuilt.append("@@lvmops-fixture end\n");

        assertThat(rebuilt.toString()).isEqualTo(real);
    }

    @Test
    void fiftyLvNodeParsesIntoFiftyLvsHalfOfThemActiveAndMounted() {
        List<String> paths = new ArrayList<>(List.of(LabObserveOutput.LUN));
        for (int i = 1; i <= 50; i++) {
            paths.add(String.format("/dev/vg0/lv%02d", i));
        }
        String out = LabObserveOutput.node("node007", 50, paths);

        NodeObservation n = LvmNodeObserver.interpret("node007", new ObserveScript("fixture", paths),
                new CommandResult(0, out, "", Duration.ZERO));

        assertThat(n.reachable()).as(n.error()).isTrue();
        assertThat(n.hostname()).isEqualTo("node007");
        assertThat(n.warnings()).isEmpty();
        assertThat(n.lvs()).hasSize(50).extracting(ObservedLv::uuid).doesNotHaveDuplicates();
        assertThat(n.lvs()).filteredOn(lv -> lv.attr().active()).hasSize(25);
        assertThat(n.lv("vg0", "lv49").orElseThrow().attr().open()).isTrue();
        assertThat(n.mountsOf(n.lv("vg0", "lv49").orElseThrow())).extracting(MountEntry::mountPoint)
                .containsExactly("/mnt/t_lv49");
        assertThat(n.dmDevices()).hasSize(26);
        assertThat(n.devices()).hasSize(51);
        assertThat(n.device("/dev/vg0/lv49").orElseThrow().signatureType()).isEqualTo("ext4");
        assertThat(n.device("/dev/vg0/lv50").orElseThrow().exists()).isFalse();
        assertThat(out.length()).as("bytes of one node's output").isGreaterThan(20_000);
    }
}
