package io.lvmops.observe;

import io.lvmops.model.Spec;
import io.lvmops.model.load.SpecLoader;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The one rule of what a node uses: device-mapper and mounts first, unknown never "inactive". */
class NodeUsageTest {
    static final Set<String> VG0 = Set.of("vg0");

    static Spec twoNodes(String owner) {
        String text = """
                apiVersion: lvmops/v1
                nodes:
                  - {name: node1, host: 127.0.0.1, port: 2201}
                  - {name: node2, host: 127.0.0.1, port: 2202}
                devices:
                  - name: test_block_a
                    path: /dev/mapper/test_block_a
                    iscsi: {portal: "10.0.2.2:3260", target: "iqn.2016-11.com.test:block-a", lun: 1}
                volumeGroups:
                  - {name: vg0, devices: [test_block_a], extentSize: 4M}
                logicalVolumes:
                  - name: lv01
                    vg: vg0
                    size: 1G
                    owner: OWNER
                    filesystem: {type: ext4, mountPoint: /mnt/t_lv01}
                """.replace("OWNER", owner);
        return SpecLoader.load(java.util.Map.of("spec.yaml", text)).spec();
    }

    @Test
    void onTheRealBlindNodeDeviceMapperAndTheMountStillShowTheLvAndTheVgIsUnknown() {
        FleetObservation fleet = BlindLabCaptures.fleet("blind1");
        NodeObservation node1 = fleet.node("node1").orElseThrow();
        assertThat(node1.vgs()).as("node1's LVM lists nothing").isEmpty();
        Spec spec = twoNodes("node2");
        NodeUsage usage = NodeUsage.of(node1, VG0, LvIdentities.of(spec, fleet.nodes()));
        NodeUsage.LvUse lv01 = usage.lv("vg0", "lv01");
        assertThat(lv01).isNotNull();
        assertThat(lv01.mapped()).isTrue();
        assertThat(lv01.open()).isTrue();
        assertThat(lv01.lvm()).as("LVM does not list it").isNull();
        assertThat(lv01.mounts()).extracting(MountEntry::mountPoint).containsExactly("/mnt/t_lv01");
        assertThat(usage.unknown("vg0")).contains("device-mapper on node1 maps vg0/lv01 but LVM there does not list vg0");

        NodeUsage node2 = NodeUsage.of(fleet.node("node2").orElseThrow(), VG0, LvIdentities.of(spec, fleet.nodes()));
        assertThat(node2.lv("vg0", "lv01")).isNull();
        assertThat(node2.unknown("vg0")).isNull();
    }

    @Test
    void aDmDeviceIsMatchedByItsUuidEvenUnderAnotherName() {
        FleetObservation fleet = BlindLabCaptures.fleet("blind0");
        NodeObservation node1 = fleet.node("node1").orElseThrow();
        DmDevice real = node1.dmDevices().stream().filter(d -> d.uuid().startsWith("LVM-")).findFirst().orElseThrow();
        // the same mapping under an old name (renamed on another node), LVM blind on this node
        NodeObservation renamed = new NodeObservation("node1", true, null, "node1", node1.lvmVersion(), List.of(),
                List.of(), List.of(), List.of(), List.of(), node1.devices(),
                List.of(new DmDevice("vg0-oldname", real.uuid(), 0, real.devno())), List.of(), null);
        NodeUsage usage = NodeUsage.of(renamed, VG0, LvIdentities.of(twoNodes("node1"), fleet.nodes()));
        assertThat(usage.lv("vg0", "lv01")).isNotNull();
        assertThat(usage.lv("vg0", "oldname")).isNull();
    }

    @Test
    void aMountByAnyPathCountsByItsDeviceNumber() {
        NodeObservation n = new NodeObservation("node1", true, null, "node1", "2.03.16", List.of(), List.of(),
                List.of(), List.of(), List.of(new MountEntry("/dev/dm-1", "/srv/x", "ext4", "253:1")), List.of(),
                List.of(new DmDevice("vg0-lv01", "", 1, "253:1")), List.of(), null);
        NodeUsage.LvUse use = NodeUsage.of(n, VG0, LvIdentities.of(twoNodes("node2"), List.of(n))).lv("vg0", "lv01");
        assertThat(use.mounts()).extracting(MountEntry::mountPoint).containsExactly("/srv/x");
    }

    @Test
    void unreadableDeviceMapperMakesEverySpecVgUnknown() {
        NodeObservation n = new NodeObservation("node1", true, null, "node1", "2.03.16", List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), null, "dmsetup info exited 1");
        assertThat(NodeUsage.of(n, VG0, LvIdentities.of(twoNodes("node2"), List.of(n))).unknown("vg0"))
                .contains("device-mapper could not be read on node1");
    }

    @Test
    void anLvmErrorAboutTheVgMakesItUnknownButLvmlockdNotesDoNot() {
        NodeObservation base = BlindLabCaptures.node("blind0", "node2");
        Spec spec = twoNodes("node1");
        NodeObservation error = withWarnings(base, "lvm: WARNING: VG vg0 is missing PV 7sQ0uk (last written to /dev/sdb).");
        assertThat(NodeUsage.of(error, VG0, LvIdentities.of(spec, List.of(error))).unknown("vg0"))
                .contains("LVM on node2 reported an error for vg0");
        NodeObservation note = withWarnings(base, "lvm: Reading VG vg0 without a lock.",
                "lvm: VG vg0 lock skipped: lock start in progress");
        assertThat(NodeUsage.of(note, VG0, LvIdentities.of(spec, List.of(note))).unknown("vg0")).isNull();
    }

    @Test
    void aBlankDeviceNobodySeesAVgOnIsNotUnknown() {
        NodeObservation n = new NodeObservation("node1", true, null, "node1", "2.03.16", List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(new DeviceProbe("/dev/mapper/test_block_a", true, "", 1L << 31)),
                List.of(), List.of(), null);
        assertThat(NodeUsage.of(n, VG0, LvIdentities.of(twoNodes("node2"), List.of(n))).unknown("vg0")).isNull();
        NodeObservation foreign = new NodeObservation("node1", true, null, "node1", "2.03.16", List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(new DeviceProbe("/dev/mapper/test_block_a", true,
                "LVM2_member", 1L << 31)), List.of(), List.of(), null);
        assertThat(NodeUsage.of(foreign, VG0, LvIdentities.of(twoNodes("node2"), List.of(foreign))).unknown("vg0"))
                .contains("node1 has /dev/mapper/test_block_a (a 'LVM2_member' signature) but its LVM does not list vg0");
    }

    /**
     * A vgcreate --shared that failed (on the lab: the LUN too small for sanlock's lvmlock LV) leaves the device an
     * orphan PV: LVM lists it, with no VG. It may as well be another disk under the path: still unknown, but the
     * reason says what LVM does list and what to do (it said "its LVM does not list vg0 (a filter hides it)").
     */
    @Test
    void aDeviceLvmListsAsAnOrphanPvIsNamedSo() {
        List<ObservedPv> orphan = List.of(new ObservedPv("/dev/mapper/test_block_a", "pv-u", "", 1L << 31, 1L << 31));
        NodeObservation n = new NodeObservation("node1", true, null, "node1", "2.03.16", orphan, List.of(),
                List.of(), List.of(), List.of(), List.of(new DeviceProbe("/dev/mapper/test_block_a", true,
                "LVM2_member", 1L << 31)), List.of(), List.of(), null);
        assertThat(NodeUsage.of(n, VG0, LvIdentities.of(twoNodes("node2"), List.of(n))).unknown("vg0"))
                .isEqualTo("LVM on node1 lists /dev/mapper/test_block_a as a PV of no VG (an orphan: a vgcreate that"
                        + " failed halfway leaves one, or it is another disk under this path); lvmops does not adopt"
                        + " it: check the disk, then pvremove it by hand if it is unwanted");
        NodeObservation other = new NodeObservation("node2", true, null, "node2", "2.03.16",
                List.of(new ObservedPv("/dev/mapper/test_block_a", "pv-u", "vg0", 1L << 31, 1L << 30)),
                List.of(new ObservedVg("vg0", "vg-u", 1L << 31, 1L << 30, 4 << 20, List.of("/dev/mapper/test_block_a"),
                        List.of(), "", false)), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), null);
        assertThat(NodeUsage.of(n, VG0, LvIdentities.of(twoNodes("node2"), List.of(n, other))).unknown("vg0"))
                .contains("as a PV of no VG").contains("while other nodes see vg0 on it");
    }

    @Test
    void dmNamesDecodeDoubledDashesAndLayers() {
        assertThat(LvIdentities.ofDmName("my--vg-data--01")).isEqualTo(new LvIdentities.VgLv("my-vg", "data-01", true));
        assertThat(LvIdentities.ofDmName("vg0-lv01-real")).isEqualTo(new LvIdentities.VgLv("vg0", "lv01", false));
        assertThat(LvIdentities.ofDmName("test_block_a")).isNull();
        assertThat(LvIdentities.ofPath("/dev/vg0/lv01")).isEqualTo(new LvIdentities.VgLv("vg0", "lv01", true));
        assertThat(LvIdentities.ofPath("/dev/sda1")).isNull();
    }

    @Test
    void lvmlockdsOwnLvMappedOnEveryNodeOfASharedVgIsNoUsersLv() {
        // real sanlock nodes: vg0-lvmlock is mapped (and open by sanlock) on both; lv01 only where it is active
        NodeObservation node1 = SanlockLabCaptures.observation("node1", "sanlock-node1");
        NodeObservation node2 = SanlockLabCaptures.observation("node2", "sanlock-node2");
        assertThat(node1.dmDevices()).anyMatch(d -> d.name().equals("vg0-lvmlock"));
        LvIdentities ids = LvIdentities.of(twoNodes("node1"), List.of(node1, node2));
        assertThat(NodeUsage.of(node1, VG0, ids).inUse()).extracting(NodeUsage.LvUse::fullName)
                .containsExactly("vg0/lv01");
        assertThat(NodeUsage.of(node2, VG0, ids).inUse()).extracting(NodeUsage.LvUse::fullName)
                .doesNotContain("vg0/lvmlock");
        assertThat(NodeUsage.of(node1, VG0, ids).unknown("vg0")).isNull();
        assertThat(NodeUsage.of(node2, VG0, ids).unknown("vg0")).isNull();
        assertThat(LvIdentities.ofDmName("vg0-pool_tdata")).isEqualTo(new LvIdentities.VgLv("vg0", "pool", false));
    }

    private static NodeObservation withWarnings(NodeObservation n, String... warnings) {
        return new NodeObservation(n.node(), true, null, n.hostname(), n.lvmVersion(), n.pvs(), n.vgs(), n.lvs(),
                n.iscsiSessions(), n.mounts(), n.devices(), n.dmDevices(), List.of(warnings), n.lvmConfig());
    }
}
