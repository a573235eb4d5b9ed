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
        // no device-mapper on this host: said as warnings, device-mapper is unknown (never "no devices"), and LVs
        // count as possibly active
        assertThat(n.dmError()).isEqualTo("dmsetup info exited 1: /dev/mapper/control: open failed: No such device");
        assertThat(n.warnings()).anyMatch(w -> w.startsWith("dmsetup info exited 1"));
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
                .isEqualTo(new DeviceProbe("/dev/mapper/test_block_a", true, "LVM2_member", 2147483648L)
                        // blkid's UUID of the LVM label (an older script version: no identity lines)
                        .withIdentity(null, node1.pvs().get(0).uuid()));
        assertThat(node1.device("/dev/vg0/lv01").orElseThrow().exists()).isFalse();
        assertThat(node1.warnings()).containsExactly("lvm: Skipping global lock: lockspace is starting",
                "lvm: VG vg0 lock skipped: lock start in progress", "lvm: Reading VG vg0 without a lock.");

        assertThat(node2.reachable()).as(node2.error()).isTrue();
        assertThat(node2.dmDevices()).containsExactly(
                new DmDevice("test_block_a", "mpath-360000000000000000e00000000010001", 0));
        assertThat(node2.warnings()).containsExactly("lvm: Skipping global lock: lockspace not found or started",
                "lvm: Reading VG vg0 without a lock.");
    }

    /** The arguments lab/fs*-observe.txt were captured with (see their .cmd). */
    static final ObserveScript FS_SCRIPT = new ObserveScript("fixture",
            List.of("/dev/mapper/test_block_a", "/dev/vg0/lv01", "/dev/vg0/lv02", "/dev/vg0/lv03"),
            List.of(new ObserveScript.FilesystemProbe("ext4", "/dev/vg0/lv01"),
                    new ObserveScript.FilesystemProbe("xfs", "/dev/vg0/lv02"),
                    new ObserveScript.FilesystemProbe("ext4", "/dev/vg0/lv03")));

    private static NodeObservation labFs(String node, String state) {
        return LvmNodeObserver.interpret(node, FS_SCRIPT, new CommandResult(0,
                Fixtures.text("lab/" + state + "-" + node + "-observe.txt"), "", Duration.ZERO));
    }

    @Test
    void filesystemSizesOfTheActiveLvsFromTheWholeScriptOnRealNodes() {
        long g = 1L << 30;
        // an apply stopped after lvextend: lv01 (owner node1) and lv02 (owner node2) were extended on node1
        NodeObservation node1 = labFs("node1", "fs2");
        NodeObservation node2 = labFs("node2", "fs2");
        assertThat(node1.reachable()).as(node1.error()).isTrue();
        assertThat(node2.reachable()).as(node2.error()).isTrue();
        assertThat(node1.lv("vg0", "lv01").orElseThrow().sizeBytes()).isEqualTo(2 * g);
        assertThat(node1.lv("vg0", "lv02").orElseThrow().sizeBytes()).isEqualTo(1536L << 20);

        DeviceProbe lv01 = node1.device("/dev/vg0/lv01").orElseThrow();
        assertThat(lv01.sizeBytes()).isEqualTo(2 * g);
        assertThat(lv01.filesystem().type()).isEqualTo("ext4");
        assertThat(lv01.filesystem().sizeBytes()).isEqualTo(g);
        // lv03 is active on node1 but blank (the spec's ext4 is still to be made): no size, and no warning
        assertThat(node1.device("/dev/vg0/lv03").orElseThrow().blank()).isTrue();
        assertThat(node1.device("/dev/vg0/lv03").orElseThrow().filesystem()).isNull();
        assertThat(node1.device("/dev/vg0/lv02").orElseThrow().exists()).isFalse();
        assertThat(node1.warnings()).noneMatch(w -> w.contains("dumpe2fs") || w.contains("xfs_info"));

        // node2 still maps lv02 with its old size: the table is 1G like the filesystem, the LV 1.5G
        DeviceProbe lv02 = node2.device("/dev/vg0/lv02").orElseThrow();
        assertThat(lv02.sizeBytes()).isEqualTo(g);
        assertThat(lv02.filesystem()).isEqualTo(new ObservedFilesystem("xfs", g, 16L << 20));
        assertThat(node2.device("/dev/vg0/lv01").orElseThrow().filesystem()).isNull();

        // grown by hand afterwards
        assertThat(labFs("node1", "fs3").device("/dev/vg0/lv01").orElseThrow().filesystem().sizeBytes())
                .isEqualTo(2 * g);
        assertThat(labFs("node2", "fs3").device("/dev/vg0/lv02").orElseThrow().filesystem().sizeBytes())
                .isEqualTo(1536L << 20);
        assertThat(labFs("node1", "fs1").device("/dev/vg0/lv01").orElseThrow().filesystem().sizeBytes())
                .isEqualTo(g);
    }

    @Test
    void aMissingFilesystemToolCostsTheSizeOnlyWithAWarning() {
        // the real node1 output with dumpe2fs missing there (sh's message and exit code 127)
        String real = Fixtures.text("lab/fs2-node1-observe.txt");
        int from = real.indexOf("@@lvmops-fixture section fs.0\n");
        int to = real.indexOf("@@lvmops-fixture rc fs.0 0\n") + "@@lvmops-fixture rc fs.0 0\n".length();
        assertThat(from).isPositive();
        String missing = real.substring(0, from) + "@@lvmops-fixture section fs.0\n\n@@lvmops-fixture stderr fs.0\n"
                + "sh: 1: dumpe2fs: not found\n@@lvmops-fixture rc fs.0 127\n" + real.substring(to);

        NodeObservation n = LvmNodeObserver.interpret("node1", FS_SCRIPT,
                new CommandResult(0, missing, "", Duration.ZERO));

        assertThat(n.reachable()).as(n.error()).isTrue();
        assertThat(n.lv("vg0", "lv01")).isPresent();
        assertThat(n.device("/dev/vg0/lv01").orElseThrow().signatureType()).isEqualTo("ext4");
        assertThat(n.device("/dev/vg0/lv01").orElseThrow().filesystem()).isNull();
        assertThat(n.warnings()).contains("dumpe2fs -h /dev/vg0/lv01 exited 127: sh: 1: dumpe2fs: not found: the "
                + "size of its filesystem is unknown (a grow that an earlier apply left undone is not seen)");
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
                List.of(new DeviceSpec("block_a", "/dev/mapper/x:y@z+1", null)), List.of(), List.of());
        // a path a shell would act on cannot even be written in a spec any more; it is still passed as an argument
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DeviceSpec("b", "/dev/mapper/x'; rm -rf / #", null))
                .isInstanceOf(IllegalArgumentException.class);
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
        assertThat(argv.subList(5, argv.size())).containsExactly("/dev/mapper/x:y@z+1");
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
