package io.lvmops.observe;

import io.lvmops.model.DeviceSpec;
import io.lvmops.model.NodeSpec;
import io.lvmops.model.Spec;
import io.lvmops.transport.Command;
import io.lvmops.transport.CommandResult;
import io.lvmops.transport.Transport;
import io.lvmops.transport.TransportException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LvmNodeObserverTest {
    /** The probe paths host/a-observe.out was captured with (see its .cmd). */
    static final List<String> HOST_PATHS =
            List.of("/dev/loop0", "/dev/loop1", "/dev/loop4", "/dev/loop5", "/dev/nonexistent", "/dev/vgobs/lv01");
    static final ObserveScript HOST_SCRIPT = new ObserveScript("fixture", HOST_PATHS);

    @Test
    void realHostOutputBecomesAReachableObservation() {
        NodeObservation n = LvmNodeObserver.interpret("host", HOST_SCRIPT,
                new CommandResult(0, Fixtures.text("host/a-observe.out"), "", Duration.ZERO));

        assertThat(n.reachable()).as(n.error()).isTrue();
        assertThat(n.hostname()).isEqualTo("vm");
        assertThat(n.lvmVersion()).isEqualTo("2.03.16");
        assertThat(n.vgs()).extracting(ObservedVg::name).containsExactly("vgpart", "vgobs");
        assertThat(n.lv("vgobs", "lv01")).isPresent();
        assertThat(n.iscsiSessions()).isEmpty();
        assertThat(n.mounts()).anyMatch(m -> m.mountPoint().equals("/"));
        assertThat(n.device("/dev/loop0").orElseThrow().signatureType()).isEqualTo("LVM2_member");
        assertThat(n.device("/dev/loop4").orElseThrow().blank()).isTrue();
        assertThat(n.device("/dev/loop5").orElseThrow().signatureType()).isEqualTo("ext4");
        assertThat(n.device("/dev/nonexistent").orElseThrow().exists()).isFalse();
        assertThat(n.device("/dev/vgobs/lv01").orElseThrow().exists()).isFalse();
        // no device-mapper on this host: said as warnings, and LVs count as possibly active
        assertThat(n.warnings()).anyMatch(w -> w.startsWith("dmsetup info failed (exit 1)"));
        assertThat(n.warnings()).anyMatch(w -> w.startsWith("vgobs/lv01: LVM cannot tell whether it is active"));
    }

    @Test
    void realLabNodeWithLvmlockdWholeScriptOutput() {
        ObserveScript script = new ObserveScript("fixture", List.of("/dev/mapper/test_block_a", "/dev/vg0/lv01"));
        NodeObservation node1 = LvmNodeObserver.interpret("node1", script,
                new CommandResult(0, Fixtures.text("lab/s4-node1-lockd-observe.out"), "", Duration.ZERO));
        NodeObservation node2 = LvmNodeObserver.interpret("node2", script,
                new CommandResult(0, Fixtures.text("lab/s4-node2-lockd-observe.out"), "", Duration.ZERO));

        assertThat(node1.reachable()).as(node1.error()).isTrue();
        assertThat(node1.hostname()).isEqualTo("node1");
        assertThat(node1.lvmVersion()).isEqualTo("2.03.16");
        assertThat(node1.vg("vg0")).hasValueSatisfying(vg -> {
            assertThat(vg.lockType()).isEqualTo("sanlock");
            assertThat(vg.pvNames()).containsExactly("/dev/mapper/test_block_a");
            assertThat(vg.extentSizeBytes()).isEqualTo(4L << 20);
        });
        assertThat(node1.lvs()).isEmpty(); // LVM hides [lvmlock]; only its dm device shows
        assertThat(node1.dmDevices()).extracting(DmDevice::name).containsExactly("test_block_a", "vg0-lvmlock");
        assertThat(node1.iscsiSessions()).containsExactly(
                new IscsiSession("10.0.2.2:3260", "iqn.2016-11.com.test:block-a"));
        assertThat(node1.device("/dev/mapper/test_block_a").orElseThrow())
                .isEqualTo(new DeviceProbe("/dev/mapper/test_block_a", true, "LVM2_member", 2147483648L));
        assertThat(node1.device("/dev/vg0/lv01").orElseThrow().exists()).isFalse();
        assertThat(node1.warnings()).containsExactly("lvm: Skipping global lock: lockspace is starting",
                "lvm: VG vg0 lock skipped: lock start in progress", "lvm: Reading VG vg0 without a lock.");

        assertThat(node2.reachable()).as(node2.error()).isTrue();
        assertThat(node2.dmDevices()).containsExactly(
                new DmDevice("test_block_a", "mpath-360000000000000000e00000000010001", 0));
        assertThat(node2.warnings()).containsExactly("lvm: Skipping global lock: lockspace not found or started",
                "lvm: Reading VG vg0 without a lock.");
    }

    @Test
    void lvmWarningsAboutMissingAndDuplicatePvsAreKept() {
        NodeObservation n = LvmNodeObserver.interpret("host", HOST_SCRIPT,
                new CommandResult(0, Fixtures.text("host/b-observe.out"), "", Duration.ZERO));

        assertThat(n.reachable()).isTrue();
        assertThat(n.warnings()).contains(
                "lvm: WARNING: Couldn't find device with uuid Rs75VZ-60lO-9wms-kIxA-4zrm-cCpk-qlnysJ.",
                "lvm: WARNING: PV UZPPZS-Wi4i-QNWw-azV8-wYKW-ItmP-4ZLXrY prefers device /dev/loop1 because device "
                        + "was seen first.");
        assertThat(n.lv("vgpart", "data-01").orElseThrow().attr().partial()).isTrue();
    }

    @Test
    void truncatedGarbageOrFailingShellMeansUnknownNeverEmpty() {
        String full = Fixtures.text("host/a-observe.out");
        NodeObservation truncated = LvmNodeObserver.interpret("node1", HOST_SCRIPT,
                new CommandResult(0, full.substring(0, full.indexOf("@@lvmops-fixture section mountinfo")), "",
                        Duration.ZERO));
        assertThat(truncated.reachable()).isFalse();
        assertThat(truncated.error()).contains("truncated");

        NodeObservation garbage = LvmNodeObserver.interpret("node1", HOST_SCRIPT,
                new CommandResult(0, "<html>proxy error</html>\n", "", Duration.ZERO));
        assertThat(garbage.reachable()).isFalse();

        NodeObservation shFailed = LvmNodeObserver.interpret("node1", HOST_SCRIPT,
                new CommandResult(127, "", "bash: sh: command not found\n", Duration.ZERO));
        assertThat(shFailed.reachable()).isFalse();
        assertThat(shFailed.error()).isEqualTo("the observe script exited with 127: bash: sh: command not found");
        assertThat(shFailed.lvs()).isEmpty();
    }

    @Test
    void unreadableLvmReportMakesTheNodeUnknown() {
        String broken = Fixtures.text("host/a-observe.out").replace("\"report\": [", "\"report\": [[[");
        NodeObservation n = LvmNodeObserver.interpret("node1", HOST_SCRIPT,
                new CommandResult(0, broken, "", Duration.ZERO));
        assertThat(n.reachable()).isFalse();
        assertThat(n.error()).startsWith("lvm fullreport failed (exit 0)");
    }

    @Test
    void oneExecPerObservationAndSpecValuesOnlyAsArguments() {
        Spec spec = new Spec(List.of(NodeSpec.of("node1", "h")),
                List.of(new DeviceSpec("block_a", "/dev/mapper/x'; rm -rf / #", null)), List.of(), List.of());
        List<Command> seen = new ArrayList<>();
        Transport t = new Transport() {
            @Override
            public String node() {
                return "node1";
            }

            @Override
            public CommandResult run(Command command) {
                seen.add(command);
                return new CommandResult(0, "", "", Duration.ZERO);
            }

            @Override
            public void close() {
            }
        };
        NodeObservation n = new LvmNodeObserver().observe(spec, spec.nodes().get(0), t);

        assertThat(seen).hasSize(1);
        List<String> argv = seen.get(0).argv();
        assertThat(argv.subList(0, 2)).containsExactly("sh", "-c");
        assertThat(argv.get(2)).isEqualTo(ObserveScript.SCRIPT).doesNotContain("/dev/mapper/x");
        assertThat(argv.get(3)).isEqualTo("lvmops-observe");
        assertThat(argv.get(4)).matches("[0-9a-f]{16}");
        assertThat(argv.subList(5, argv.size())).containsExactly("/dev/mapper/x'; rm -rf / #");
        assertThat(n.reachable()).isFalse(); // empty output: no begin marker
    }

    @Test
    void unreachableNodeKeepsTheTransportsReason() {
        Transport down = new Transport() {
            @Override
            public String node() {
                return "node2";
            }

            @Override
            public CommandResult run(Command command) throws TransportException {
                throw new TransportException("node2", "connect to 10.0.0.2:22 timed out after 10s");
            }

            @Override
            public void close() {
            }
        };
        Spec spec = new Spec(List.of(NodeSpec.of("node2", "10.0.0.2")), List.of(), List.of(), List.of());
        NodeObservation n = new LvmNodeObserver().observe(spec, spec.nodes().get(0), down);
        assertThat(n.reachable()).isFalse();
        assertThat(n.error()).isEqualTo("connect to 10.0.0.2:22 timed out after 10s");
    }
}
