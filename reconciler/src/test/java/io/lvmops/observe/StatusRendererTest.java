package io.lvmops.observe;

import io.lvmops.model.DeviceSpec;
import io.lvmops.model.LogicalVolumeSpec;
import io.lvmops.model.NodeSpec;
import io.lvmops.model.Size;
import io.lvmops.model.Spec;
import io.lvmops.model.VolumeGroupSpec;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden tests of the status matrix, on what the real lab nodes showed (lab/capture-fixtures): node1 created
 * vg0/lv01 and mounted it; node2 logged in again later and udev's LVM rule autoactivated lv01 there too.
 */
class StatusRendererTest {
    static final Spec SPEC = new Spec(
            List.of(NodeSpec.of("node1", "h1"), NodeSpec.of("node2", "h2"), NodeSpec.of("node3", "h3")),
            List.of(new DeviceSpec("test_block_a", "/dev/mapper/test_block_a", null)),
            List.of(new VolumeGroupSpec("vg0", List.of("test_block_a"), null,
                    io.lvmops.model.Guard.NONE, null)),
            List.of(new LogicalVolumeSpec("lv01", "vg0", Size.parse("1G"), "node1", null, null),
                    new LogicalVolumeSpec("lv02", "vg0", Size.parse("512M"), "node2", null, null)));

    static NodeObservation labNode(String node, String prefix) throws Exception {
        LvmReport r = FullReportParser.parse(Fixtures.text("lab/" + prefix + "-lvm-fullreport.json"));
        return new NodeObservation(node, true, null, node, "2.03.16", r.pvs(), r.vgs(), r.lvs(),
                IscsiSessionParser.parse(Fixtures.text("lab/" + prefix + "-iscsiadm-session.txt")),
                MountInfoParser.parse(Fixtures.text("lab/" + prefix + "-mountinfo.txt")), null, null, null);
    }

    static FleetObservation observed(String node2Prefix) throws Exception {
        return FleetObservation.of(Instant.parse("2026-11-25T12:00:00Z"), List.of(
                labNode("node1", "s2-node1-active"), labNode("node2", node2Prefix),
                NodeObservation.unreachable("node3", "connect to h3:22 timed out after 10s")));
    }

    @Test
    void healthyOwnerActiveOtherInactive() throws Exception {
        FleetStatus s = FleetStatus.of(SPEC.withNodes(SPEC.nodes().subList(0, 2)),
                FleetObservation.of(Instant.EPOCH, List.of(labNode("node1", "s2-node1-active"),
                        labNode("node2", "s2-node2-inactive"))));

        assertThat(StatusRenderer.render(s, false)).isEqualTo("""
                    LV        SIZE  OWNER  node1                node2
                    vg0/lv01  1G    node1  mounted /mnt/t_lv01  -
                    vg0/lv02  512M  node2  missing              missing

                GUARD
                  vg vg0: none
                  vg0/lv01 owner tag: (none)
                  (every VG is guard: none: only lvmops' ordering protects them)
                """);
        assertThat(s.healthy()).isTrue();
    }

    @Test
    void doubleActivationByAutoactivationIsFlaggedAndUnreachableNodeShown() throws Exception {
        FleetStatus s = FleetStatus.of(SPEC, observed("s3-node2-autoactivated"));

        assertThat(StatusRenderer.render(s, false)).isEqualTo("""
                    LV        SIZE  OWNER  node1                node2    node3
                !!  vg0/lv01  1G    node1  mounted /mnt/t_lv01  active   unreachable
                    vg0/lv02  512M  node2  missing              missing  unreachable

                GUARD
                  vg vg0: none
                  vg0/lv01 owner tag: (none)
                  (every VG is guard: none: only lvmops' ordering protects them)

                !! vg0/lv01 is active on 2 nodes: node1, node2
                !! vg0/lv01 is active on node2, not its owner node1
                !! node3 is unreachable, its LVs are unknown: connect to h3:22 timed out after 10s
                """);
        assertThat(s.healthy()).isFalse();
    }

    @Test
    void colourOnlyAddsAnsiAroundTheSameText() throws Exception {
        FleetStatus s = FleetStatus.of(SPEC, observed("s3-node2-autoactivated"));
        String coloured = StatusRenderer.render(s, true);

        assertThat(coloured).contains("\u001B[1;31m!!  vg0/lv01").contains("\u001B[33m!! node3 is unreachable");
        assertThat(coloured.replaceAll("\u001B\\[[0-9;]*m", "")).isEqualTo(StatusRenderer.render(s, false));
        assertThat(StatusRenderer.render(s, false)).doesNotContain("\u001B");
    }

    @Test
    void activeOnlyOnANonOwnerAndUndeclaredLvs() throws Exception {
        Spec spec = SPEC.withLogicalVolumes(List.of(SPEC.logicalVolumes().get(0).withOwner("node2")))
                .withNodes(SPEC.nodes().subList(0, 2));
        FleetStatus s = FleetStatus.of(spec, FleetObservation.of(Instant.EPOCH,
                List.of(labNode("node1", "s2-node1-active"), labNode("node2", "s2-node2-inactive"))));

        assertThat(StatusRenderer.render(s, false)).isEqualTo("""
                    LV        SIZE  OWNER  node1                node2
                !!  vg0/lv01  1G    node2  mounted /mnt/t_lv01  -

                GUARD
                  vg vg0: none
                  vg0/lv01 owner tag: (none)
                  (every VG is guard: none: only lvmops' ordering protects them)

                !! vg0/lv01 is active on node1, not its owner node2
                """);

        FleetStatus undeclared = FleetStatus.of(spec.withLogicalVolumes(List.of()), FleetObservation.of(
                Instant.EPOCH, List.of(labNode("node1", "s2-node1-active"), labNode("node2", "s2-node2-inactive"))));
        assertThat(StatusRenderer.render(undeclared, false)).isEqualTo("""
                    LV        SIZE  OWNER         node1                node2
                !!  vg0/lv01  1G    (undeclared)  mounted /mnt/t_lv01  -

                GUARD
                  vg vg0: none
                  (every VG is guard: none: only lvmops' ordering protects them)

                !! vg0/lv01 is active on node1 but the spec does not declare it
                """);
    }

    @Test
    void aMountPointOrAProblemFromANodeCannotDrawOnTheTerminal() {
        FleetStatus.Row row = new FleetStatus.Row("vg0", "lv01", 1L << 30, "node1", java.util.Map.of("node1",
                new FleetStatus.Cell(FleetStatus.State.OPEN, List.of("/mnt/x\u001b[2J\rnothing to see"))), false, List.of());
        FleetStatus s = new FleetStatus(List.of(new FleetStatus.Column("node1", true, null)), List.of(row),
                List.of("node1: lvm said \u001b]0;owned\u0007"));
        String out = StatusRenderer.render(s, false);
        assertThat(out).doesNotContain("\u001b", "\r", "\u0007")
                .contains("mounted /mnt/x\\e[2J\\rnothing to see").contains("!! node1: lvm said \\e]0;owned\\x07");
    }
}
