package io.lvmops.observe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObserveOutputTest {
    private static final String HOST_A = Fixtures.text("host/a-observe.out");

    @Test
    void everySectionWithItsOwnStdoutStderrAndExitCode() throws Exception {
        ObserveOutput out = ObserveOutput.parse(HOST_A, "fixture");

        assertThat(out.sections().keySet()).containsExactly("hostname", "lvm-version", "fullreport",
                "iscsi-sessions", "mountinfo", "dmsetup", "probe.0", "probe.1", "probe.2", "probe.3", "probe.4",
                "probe.5");
        assertThat(out.section("hostname").orElseThrow().stdout()).isEqualTo("vm\n");
        assertThat(out.section("iscsi-sessions").orElseThrow().exitCode()).isEqualTo(21);
        assertThat(out.section("iscsi-sessions").orElseThrow().stderr()).isEqualTo("iscsiadm: No active sessions.\n");
        assertThat(out.section("dmsetup").orElseThrow().exitCode()).isEqualTo(1);
        assertThat(out.section("probe.2").orElseThrow().exitCode()).isEqualTo(2);
        assertThat(out.section("fullreport").orElseThrow().stdout()).startsWith("  {").endsWith("}\n");
    }

    @Test
    void truncatedOutputIsRejectedWhereverItIsCut() {
        // a connection dropped mid-output: every prefix of a real output that lacks the end marker must fail
        String endMarker = "@@lvmops-fixture end";
        int end = HOST_A.indexOf(endMarker);
        for (int cut = 0; cut < end + endMarker.length() - 1; cut += 97) {
            String truncated = HOST_A.substring(0, cut);
            assertThatThrownBy(() -> ObserveOutput.parse(truncated, "fixture")).as("cut at %d", cut)
                    .isInstanceOf(ObserveOutputException.class);
        }
        assertThatThrownBy(() -> ObserveOutput.parse(HOST_A.substring(0, end), "fixture"))
                .hasMessageContaining("truncated");
    }

    @Test
    void foreignNonceGarbageAndBannersAreHandled() throws Exception {
        assertThatThrownBy(() -> ObserveOutput.parse(HOST_A, "othernonce")).hasMessageContaining("no begin marker");
        assertThatThrownBy(() -> ObserveOutput.parse("Welcome!\nsh: 1: Syntax error\n", "fixture"))
                .isInstanceOf(ObserveOutputException.class);
        // a motd printed before the script's output is skipped
        assertThat(ObserveOutput.parse("Welcome to node1\n" + HOST_A, "fixture").sections()).hasSize(12);
        String garbled = HOST_A.replace("@@lvmops-fixture rc mountinfo 0", "@@lvmops-fixture rc mountinfo x");
        assertThatThrownBy(() -> ObserveOutput.parse(garbled, "fixture")).hasMessageContaining("unreadable exit code");
    }
}
