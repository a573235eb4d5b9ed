package io.lvmops.git.diff;

import io.lvmops.model.Spec;
import io.lvmops.model.load.LoadedSpec;
import io.lvmops.model.load.SpecLoader;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SpecDiffTest {
    private static final String BASE = """
            apiVersion: lvmops/v1
            nodes:
              - {name: node1, host: node1.test.com}
              - {name: node2, host: node2.test.com}
            devices:
              - {name: lun_a, path: /dev/mapper/lun_a}
            volumeGroups:
              - {name: vg0, devices: [lun_a]}
            """;

    static Spec spec(String extra, String... lvs) {
        StringBuilder s = new StringBuilder(BASE).append(extra).append("logicalVolumes:\n");
        for (String lv : lvs) {
            s.append("  - ").append(lv).append('\n');
        }
        Map<String, String> files = new LinkedHashMap<>();
        files.put("spec.yaml", s.toString());
        LoadedSpec loaded = SpecLoader.load(files);
        assertThat(loaded.errors()).isEmpty();
        return loaded.spec();
    }

    @Test
    void theIssuesExampleLinesWithFlags() {
        Spec before = spec("",
                "{name: lv01, vg: vg0, size: 1G, owner: node1}",
                "{name: lv02, vg: vg0, size: 1G, owner: node1}",
                "{name: lv04, vg: vg0, size: 3G, owner: node2}",
                "{name: lv05, vg: vg0, size: 4G, owner: node2}",
                "{name: lv06, vg: vg0, size: 4G, owner: node2}");
        Spec after = spec("",
                "{name: lv01, vg: vg0, size: 1G, owner: node2}",
                "{name: lv02, vg: vg0, size: 2G, owner: node1}",
                "{name: lv03, vg: vg0, size: 5G, owner: node2}",
                "{name: lv04, vg: vg0, size: 3G, owner: node2, state: absent}",
                "{name: lv05, vg: vg0, size: 2G, owner: node2}");
        List<SpecChange> changes = SpecDiff.between(before, after);
        DiffRenderer r = new DiffRenderer(changes, "main", "feature");
        assertThat(changes).extracting(c -> r.line(c) + r.flags(c)).containsExactly(
                "lv01: owner node1 → node2",
                "lv02: size 1G → 2G",
                "+ lv03 (vg0, 5G, node2)",
                "- lv04 (state: absent)  [needs --allow-destroy]",
                "lv05: size 4G → 2G  [refused by plan]",
                "- lv06 (vg0, 4G, node2)");
        assertThat(r.summary()).isEqualTo("6 changes: 1 added, 3 changed, 2 removed; 1 needs --allow-destroy; "
                + "1 refused by plan.");
        assertThat(r.text()).startsWith("Spec diff main → feature\nlv01: owner node1 → node2\n")
                .contains("    no longer in the spec: lvmops stops managing it and leaves it on the nodes");
    }

    @Test
    void nodesDevicesAndVolumeGroupsToo() {
        Spec before = spec("", "{name: lv01, vg: vg0, size: 1G, owner: node1, filesystem: {type: ext4, mountPoint: /a}}");
        Spec after = new Spec(
                List.of(before.nodes().get(0).withPort(2222), before.nodes().get(1).withFenced(true),
                        io.lvmops.model.NodeSpec.of("node3", "node3.test.com")),
                List.of(before.devices().get(0), new io.lvmops.model.DeviceSpec("lun_b", "/dev/mapper/lun_b", null)),
                List.of(new io.lvmops.model.VolumeGroupSpec("vg0", List.of("lun_a", "lun_b"), null, null, "node2")),
                List.of(new io.lvmops.model.LogicalVolumeSpec("lv01", "vg0", io.lvmops.model.Size.parse("1G"),
                        "node1", new io.lvmops.model.FilesystemSpec(io.lvmops.model.FsType.XFS, "/b"), null)));
        List<SpecChange> changes = SpecDiff.between(before, after);
        DiffRenderer r = new DiffRenderer(changes, "a", "b");
        assertThat(changes).extracting(c -> r.line(c) + r.flags(c)).containsExactly(
                "node node1: port 22 → 2222",
                "node node2: fenced false → true",
                "+ node node3 (root@node3.test.com:22)",
                "+ device lun_b (/dev/mapper/lun_b)",
                "volume group vg0: devices [lun_a] → [lun_a, lun_b], metadataNode (none) → node2",
                "lv01: filesystem ext4 → xfs, mountPoint /a → /b  [refused by plan]");
        assertThat(SpecDiff.between(after, after)).isEmpty();
        assertThat(new DiffRenderer(List.of(), "a", "a").summary()).isEqualTo("No differences.");
    }

    @Test
    void sameLvNameInTwoVgsIsQualifiedAndJsonAndMarkdownCarryTheFlags() {
        Spec before = spec("",
                "{name: lv01, vg: vg0, size: 2G, owner: node1}");
        Spec after = spec("", "{name: lv01, vg: vg0, size: 1G, owner: node1, state: absent}");
        DiffRenderer r = new DiffRenderer(SpecDiff.between(before, after), "main@sha1:aa", "pr@sha1:bb");
        assertThat(r.json()).contains("\"op\" : \"removed\"", "\"name\" : \"vg0/lv01\"",
                "\"needsAllowDestroy\" : true", "\"text\" : \"- lv01 (state: absent)\"");
        assertThat(r.markdown()).startsWith("### lvmops spec diff\n\n`main@sha1:aa` → `pr@sha1:bb`\n\n**1 change")
                .contains("- `- lv01 (state: absent)` :warning: **needs `--allow-destroy`**");

        Spec twoVgs = before.withLogicalVolumes(List.of(before.logicalVolumes().get(0),
                new io.lvmops.model.LogicalVolumeSpec("lv01", "vg1", io.lvmops.model.Size.parse("1G"), "node2", null,
                        null)));
        Spec grown = twoVgs.withLogicalVolumes(List.of(twoVgs.logicalVolumes().get(0).withSize(
                io.lvmops.model.Size.parse("3G")), twoVgs.logicalVolumes().get(1).withOwner("node1")));
        DiffRenderer qualified = new DiffRenderer(SpecDiff.between(twoVgs, grown), "a", "b");
        assertThat(SpecDiff.between(twoVgs, grown)).extracting(qualified::line)
                .containsExactly("vg0/lv01: size 2G → 3G", "vg1/lv01: owner node2 → node1");
    }
}
