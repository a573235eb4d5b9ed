package io.lvmops.observe;

import io.lvmops.model.DeviceSpec;
import io.lvmops.model.NodeSpec;
import io.lvmops.model.Spec;
import io.lvmops.model.VolumeGroupSpec;
import io.lvmops.transport.CommandResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * observe.sh's device identities as two real lab nodes printed them (lab/ident-*.cmd): the same path, two LUNs.
 */
class DeviceIdentityLabCapturesTest {
    private static final String A = "/dev/mapper/test_block_a";
    private static final String B = "/dev/mapper/test_block_b";
    private static final String WWID_A = "360000000000000000e00000000010001";
    private static final String WWID_B = "360000000000000000e00000000020001";
    private static final Spec SPEC = new Spec(List.of(NodeSpec.of("node1", "h1"), NodeSpec.of("node2", "h2")),
            List.of(new DeviceSpec("test_block_a", A, null), new DeviceSpec("test_block_b", B, null)),
            List.of(new VolumeGroupSpec("vg0", List.of("test_block_a"), null, null, null)), List.of());

    static NodeObservation node(String name, String capture, List<String> paths) {
        NodeObservation n = LvmNodeObserver.interpret(name, new ObserveScript("fixture", paths),
                new CommandResult(0, Fixtures.text("lab/" + capture + "-observe.txt"), "", Duration.ZERO));
        assertThat(n.reachable()).as(n.error()).isTrue();
        return n;
    }

    private static NodeObservation node(String name, String capture) {
        return node(name, capture, List.of(A, B, "/dev/vg0/lv01"));
    }

    @Test
    void aMultipathMapIsKnownByItsDeviceMapperUuid() {
        NodeObservation n1 = node("node1", "ident-node1");
        DeviceProbe a = n1.device(A).orElseThrow();
        assertThat(a.identity()).isEqualTo("mpath-" + WWID_A);
        assertThat(a.comparableIdentity()).isEqualTo(WWID_A);
        assertThat(a.sizeBytes()).isEqualTo(2L << 30);
        assertThat(a.blank()).isTrue();
        assertThat(a.pvUuid()).isNull();
        assertThat(n1.device(B).orElseThrow().comparableIdentity()).isEqualTo(WWID_B);
        assertThat(n1.device("/dev/vg0/lv01").orElseThrow().identity()).isNull();
    }

    @Test
    void aScsiDiskByNameOrLinkIsKnownByItsWwid_aVirtioDiskHasNone() {
        NodeObservation n = node("node2", "ident-node2-paths",
                List.of("/dev/sda", "/dev/disk/by-id/scsi-SIET_VIRTUAL-DISK_beaf21", "/dev/vda"));
        assertThat(n.device("/dev/sda").orElseThrow().identity()).isEqualTo("naa.60000000000000000e00000000010001");
        assertThat(n.device("/dev/sda").orElseThrow().comparableIdentity()).isEqualTo(WWID_A);
        assertThat(n.device("/dev/disk/by-id/scsi-SIET_VIRTUAL-DISK_beaf21").orElseThrow().comparableIdentity())
                .isEqualTo(WWID_B);
        DeviceProbe vda = n.device("/dev/vda").orElseThrow();
        assertThat(vda.identity()).isNull();
        assertThat(vda.signatureType()).isEqualTo("ext4");
        assertThat(vda.pvUuid()).as("not an LVM label").isNull();
    }

    @Test
    void theSwappedAliasIsAnotherLunUnderTheSamePath() {
        List<DeviceIdentityCheck.Problem> problems = DeviceIdentityCheck.check(SPEC,
                List.of(node("node1", "ident-node1"), node("node2", "ident-node2-swapped")));
        assertThat(problems).extracting(DeviceIdentityCheck.Problem::subject)
                .containsExactly("device test_block_a", "device test_block_b");
        assertThat(problems.get(0).kinds()).containsExactly("identity");
        assertThat(problems.get(0).vgs()).containsExactly("vg0");
        assertThat(problems.get(0).message()).contains("node1 sees WWID " + WWID_A + " (2G, blank)")
                .contains("node2 sees WWID " + WWID_B + " (2G, blank)");
    }

    @Test
    void twoVgsNamedVg0_thePvAndVgUuidsUnderThePathDiffer() {
        NodeObservation n1 = node("node1", "ident-dupvg-node1");
        NodeObservation n2 = node("node2", "ident-dupvg-node2");
        DeviceProbe a1 = n1.device(A).orElseThrow();
        DeviceProbe a2 = n2.device(A).orElseThrow();
        assertThat(a1.signatureType()).isEqualTo("LVM2_member");
        assertThat(a1.pvUuid()).matches("[A-Za-z0-9]{6}(-[A-Za-z0-9]{4}){5}-[A-Za-z0-9]{6}");
        assertThat(a2.pvUuid()).isNotEqualTo(a1.pvUuid());
        assertThat(n1.warnings()).anyMatch(w -> w.contains("VG name vg0 is used by VGs"));

        List<DeviceIdentityCheck.Problem> problems = DeviceIdentityCheck.check(SPEC, List.of(n1, n2));
        DeviceIdentityCheck.Problem a = problems.get(0);
        assertThat(a.subject()).isEqualTo("device test_block_a");
        assertThat(a.kinds()).contains("identity", "PV UUID", "VG UUID");
        assertThat(a.message()).contains("PV UUID " + a1.pvUuid()).contains("PV UUID " + a2.pvUuid());
        // each node reports both vg0s: ambiguous on every node, whichever it would pick
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.subject()).isEqualTo("vg vg0");
            assertThat(p.message()).contains("node1 sees ").contains(" and ");
        });
    }
}
