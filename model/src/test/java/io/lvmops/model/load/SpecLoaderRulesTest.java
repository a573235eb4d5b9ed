package io.lvmops.model.load;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.lvmops.model.load.SpecTexts.errors;
import static io.lvmops.model.load.SpecTexts.plus;
import static io.lvmops.model.load.SpecTexts.withLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** One bad spec per rule of spec v1, each with the exact error (file, line, column, path, message) it must give. */
class SpecLoaderRulesTest {

    @Test
    void theValidSpecLoads() {
        LoadedSpec loaded = SpecTexts.load(SpecTexts.VALID);
        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.valid()).isTrue();
        assertThat(loaded.spec().nodes()).hasSize(2);
        assertThat(loaded.spec().logicalVolume("vg0", "lv01")).isPresent();
    }

    @Test
    void aDeviceWwidLoadsNormalisedInEveryAcceptedSpelling() {
        for (String given : List.of("360000000000000000e00000000010001", "360000000000000000E00000000010001",
                "naa.60000000000000000e00000000010001", "mpath-360000000000000000e00000000010001",
                "wwn-0x60000000000000000e00000000010001", "'360000000000000000000000000010001'")) {
            LoadedSpec loaded = SpecTexts.load(withLine(9, "    path: /dev/mapper/test_block_a\n    wwid: " + given));
            assertThat(loaded.errors()).as(given).isEmpty();
            assertThat(loaded.spec().devices().get(0).wwid()).as(given)
                    .isEqualTo(given.contains("E") || given.contains("e") ? "360000000000000000e00000000010001"
                            : "360000000000000000000000000010001");
        }
        assertThat(SpecTexts.load(SpecTexts.VALID).spec().devices().get(0).wwid()).isNull();
    }

    static Stream<Arguments> badSpecs() {
        return Stream.of(
                // document level
                arguments("empty file", "", "spec.yaml:1:1: the file is empty; expected at least 'apiVersion: lvmops/v1'"),
                arguments("only comments", "# nothing\n", "spec.yaml:1:1: the file is empty; expected at least 'apiVersion: lvmops/v1'"),
                arguments("top level is a list", "- a\n", "spec.yaml:1:1: expected a mapping with apiVersion, nodes, devices, volumeGroups and logicalVolumes at the top level, got a list"),
                arguments("yaml syntax", withLine(4, "   host: node1.test.com"),
                        "spec.yaml:4:4: YAML syntax error: expected <block end>, but found '<block mapping start>' (while parsing a block collection started at line 3, column 3)"),
                arguments("tab indentation", withLine(4, "\thost: node1.test.com"),
                        "spec.yaml:4:1: YAML syntax error: found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)"),
                arguments("apiVersion missing", withLine(1, "# no api version"), "spec.yaml:2:1: apiVersion: missing required key 'apiVersion'"),
                arguments("apiVersion wrong", withLine(1, "apiVersion: lvmops/v2"), "spec.yaml:1:13: apiVersion: 'lvmops/v2' is not supported; expected lvmops/v1"),
                arguments("unknown top-level key", plus("volumegroup: []"), "spec.yaml:25:1: volumegroup: unknown key 'volumegroup'; did you mean 'volumeGroups'?"),
                arguments("nodes is a mapping", "apiVersion: lvmops/v1\nnodes: {name: node1}\n",
                        "spec.yaml:2:8: nodes: expected a list of node mappings, got a mapping"),
                arguments("duplicate key", withLine(4, "    host: node1.test.com\n    host: other"),
                        "spec.yaml:5:5: nodes[0].host: duplicate key 'host' (first defined at line 4, column 5)"),
                arguments("list item not a mapping", withLine(3, "  - node1\n  - name: node1"),
                        "spec.yaml:3:5: nodes[0]: expected a node mapping (name, host, port, user, identityFile, knownHostsFile, sudo, fenced), got the string 'node1'"),
                // nodes
                arguments("node name", withLine(3, "  - name: node 1"), "spec.yaml:3:11: nodes[0].name: 'node 1' may contain only letters, digits, '.', '-' and '_'\n"
                        + "spec.yaml:21:12: logicalVolumes[0].owner: node 'node1' is not defined; did you mean 'node2'?"),
                arguments("node host missing", withLine(4, "    port: 22"), "spec.yaml:3:5: nodes[0].host: missing required key 'host'"),
                arguments("node host empty", withLine(4, "    host:"), "spec.yaml:4:10: nodes[0].host: a value is required"),
                arguments("node host bad", withLine(4, "    host: 'a b'"), "spec.yaml:4:11: nodes[0].host: 'a b' is not a host name or IP address"),
                arguments("unknown node key", withLine(4, "    hots: node1.test.com\n    host: x"), "spec.yaml:4:5: nodes[0].hots: unknown key 'hots'; did you mean 'host'?"),
                arguments("unknown lv key", plus("    port: 70000"),
                        "spec.yaml:25:5: logicalVolumes[0].port: unknown key 'port'; expected one of: name, vg, size, owner, filesystem, state"),
                arguments("port range", withLine(4, "    host: a\n    port: 70000"), "spec.yaml:5:11: nodes[0].port: port 70000 is out of range 1-65535"),
                arguments("port zero", withLine(4, "    host: a\n    port: 0"), "spec.yaml:5:11: nodes[0].port: port 0 is out of range 1-65535"),
                arguments("port is a string", withLine(4, "    host: a\n    port: ssh"), "spec.yaml:5:11: nodes[0].port: expected a whole number, got the string 'ssh'"),
                arguments("user", withLine(4, "    host: a\n    user: 'root;reboot'"), "spec.yaml:5:11: nodes[0].user: 'root;reboot' is not a valid user name"),
                arguments("identityFile relative", withLine(4, "    host: a\n    identityFile: id_rsa"), "spec.yaml:5:19: nodes[0].identityFile: 'id_rsa' must be an absolute path or start with ~/"),
                arguments("knownHostsFile relative", withLine(4, "    host: a\n    knownHostsFile: known_hosts"), "spec.yaml:5:21: nodes[0].knownHostsFile: 'known_hosts' must be an absolute path or start with ~/"),
                arguments("sudo not a boolean", withLine(4, "    host: a\n    sudo: maybe"), "spec.yaml:5:11: nodes[0].sudo: expected true or false, got the string 'maybe'"),
                arguments("fenced is a list", withLine(4, "    host: a\n    fenced: [true]"), "spec.yaml:5:13: nodes[0].fenced: expected true or false, got a list"),
                arguments("duplicate node", withLine(5, "  - name: node1"), "spec.yaml:5:11: nodes[1].name: duplicate node name 'node1' (also defined at spec.yaml:3:11)"),
                // devices
                arguments("device name", withLine(8, "  - name: -dev"), "spec.yaml:8:11: devices[0].name: '-dev' must not start with '-'\n"
                        + "spec.yaml:16:15: volumeGroups[0].devices[0]: device 'test_block_a' is not defined"),
                arguments("device path", withLine(9, "    path: mapper/test_block_a"), "spec.yaml:9:11: devices[0].path: 'mapper/test_block_a' must be an absolute /dev path, e.g. /dev/mapper/test_block_a"),
                arguments("device path outside /dev", withLine(9, "    path: /tmp/../dev/sda"), "spec.yaml:9:11: devices[0].path: '/tmp/../dev/sda' must be an absolute /dev path, e.g. /dev/mapper/test_block_a"),
                arguments("device wwid", withLine(9, "    path: /dev/mapper/test_block_a\n    wwid: 3600-not-hex"),
                        "spec.yaml:10:11: devices[0].wwid: '3600-not-hex' is not a WWID: give it as multipath prints it (e.g. 360000000000000000e00000000010001), or as naa.<hex>, eui.<hex>, mpath-<hex> or wwn-0x<hex>"),
                arguments("iscsi is a list", withLine(10, "    iscsi: []").replace("      portal: 192.168.10.5:3260\n      target: iqn.2016-11.com.test:block-a\n      lun: 1\n", ""),
                        "spec.yaml:10:12: devices[0].iscsi: expected a mapping (portal, target, lun), got a list"),
                arguments("portal port", withLine(11, "      portal: 192.168.10.5:99999"), "spec.yaml:11:15: devices[0].iscsi.portal: portal '192.168.10.5:99999': port '99999' is not in range 1-65535"),
                arguments("portal ipv6 without brackets", withLine(11, "      portal: 'fd00::5'"), "spec.yaml:11:15: devices[0].iscsi.portal: portal 'fd00::5': write an IPv6 address in brackets, e.g. [fd00::5]:3260"),
                arguments("portal garbage", withLine(11, "      portal: 'a b'"), "spec.yaml:11:15: devices[0].iscsi.portal: portal 'a b' must be host[:port], e.g. 192.168.10.5:3260"),
                arguments("iqn", withLine(12, "      target: iqn.16-11.com.test"), "spec.yaml:12:15: devices[0].iscsi.target: 'iqn.16-11.com.test' is not an iSCSI name; expected iqn.YYYY-MM.reverse.domain[:id] in lower case (a-z 0-9 . : -), eui. and 16 hex digits, or naa. and 16 or 32 hex digits, at most 223 bytes; e.g. iqn.2016-11.com.test:block-a"),
                arguments("iqn month", withLine(12, "      target: iqn.2016-13.com.test"), "spec.yaml:12:15: devices[0].iscsi.target: 'iqn.2016-13.com.test' is not an iSCSI name; expected iqn.YYYY-MM.reverse.domain[:id] in lower case (a-z 0-9 . : -), eui. and 16 hex digits, or naa. and 16 or 32 hex digits, at most 223 bytes; e.g. iqn.2016-11.com.test:block-a"),
                arguments("lun range", withLine(13, "      lun: 20000"), "spec.yaml:13:12: devices[0].iscsi.lun: lun 20000 is out of range 0-16383"),
                arguments("lun missing", withLine(13, ""), "spec.yaml:11:7: devices[0].iscsi.lun: missing required key 'lun'"),
                arguments("duplicate device path", plus("  - {name: lv02, vg: vg0, size: 1G, owner: node2}").replace("devices:\n", "devices:\n  - {name: other, path: /dev/mapper/test_block_a}\n"),
                        "spec.yaml:10:11: devices[1].path: device path '/dev/mapper/test_block_a' is also the path of device 'other' (at spec.yaml:8:25)"),
                // volume groups
                arguments("vg name chars", withLine(15, "  - name: vg/0"), "spec.yaml:15:11: volumeGroups[0].name: 'vg/0' may contain only A-Z a-z 0-9 + _ . -\n"
                        + "spec.yaml:19:9: logicalVolumes[0].vg: volume group 'vg0' is not defined"),
                arguments("vg name dotdot", withLine(15, "  - name: '..'"), "spec.yaml:15:11: volumeGroups[0].name: '..' is not a valid name\n"
                        + "spec.yaml:19:9: logicalVolumes[0].vg: volume group 'vg0' is not defined"),
                arguments("vg name length", withLine(15, "  - name: " + "v".repeat(128)), "spec.yaml:15:11: volumeGroups[0].name: 'vvvvvvvvvvvvvvvvvvvv…' is 128 characters long; LVM allows at most 127\n"
                        + "spec.yaml:19:9: logicalVolumes[0].vg: volume group 'vg0' is not defined"),
                arguments("vg devices empty", withLine(16, "    devices: []"), "spec.yaml:16:14: volumeGroups[0].devices: a volume group needs at least one device"),
                arguments("vg devices not a list", withLine(16, "    devices: test_block_a"), "spec.yaml:16:14: volumeGroups[0].devices: expected a list, got the string 'test_block_a'"),
                arguments("vg device unresolved", withLine(16, "    devices: [test_block_b]"), "spec.yaml:16:15: volumeGroups[0].devices[0]: device 'test_block_b' is not defined; did you mean 'test_block_a'?"),
                arguments("vg device twice", withLine(16, "    devices: [test_block_a, test_block_a]"), "spec.yaml:16:29: volumeGroups[0].devices[1]: device 'test_block_a' is listed twice"),
                arguments("device in two vgs", withLine(16, "    devices: [test_block_a]\n  - name: vg1\n    devices: [test_block_a]"),
                        "spec.yaml:18:15: volumeGroups[1].devices[0]: device 'test_block_a' already belongs to volume group 'vg0' (at spec.yaml:15:11); a device can be in at most one volume group"),
                arguments("extent size", withLine(16, "    devices: [test_block_a]\n    extentSize: 3M"), "spec.yaml:17:17: volumeGroups[0].extentSize: extent size 3M must be a power of two of at least 1K (e.g. 4M)"),
                arguments("guard", withLine(16, "    devices: [test_block_a]\n    guard: lock"), "spec.yaml:17:12: volumeGroups[0].guard: 'lock' is not one of tags, sanlock, none"),
                arguments("metadataNode unresolved", withLine(16, "    devices: [test_block_a]\n    metadataNode: node9"), "spec.yaml:17:19: volumeGroups[0].metadataNode: node 'node9' is not defined; did you mean 'node1'?"),
                arguments("lock node ambiguous: the first node is fenced", withLine(4, "    host: node1.test.com\n    fenced: true"),
                        "spec.yaml:16:5: volumeGroups[0].metadataNode: required: the first node in spec order, 'node1', is declared fenced (dead) and cannot hold the lock of volume group 'vg0'; name the node that holds it"),
                arguments("lock node fenced", withLine(6, "    host: node2.test.com\n    fenced: true").replace("    devices: [test_block_a]\n", "    devices: [test_block_a]\n    metadataNode: node2\n"),
                        "spec.yaml:18:19: volumeGroups[0].metadataNode: node 'node2' is declared fenced (dead): it cannot hold the lock of volume group 'vg0'; name a live node"),
                arguments("duplicate vg", withLine(16, "    devices: [test_block_a]\n  - name: vg0\n    devices: [test_block_a]"),
                        "spec.yaml:17:11: volumeGroups[1].name: duplicate volume group name 'vg0' (also defined at spec.yaml:15:11)\n"
                        + "spec.yaml:18:15: volumeGroups[1].devices[0]: device 'test_block_a' already belongs to volume group 'vg0' (at spec.yaml:15:11); a device can be in at most one volume group"),
                // logical volumes
                arguments("lv name snapshot", withLine(18, "  - name: snapshot1"), "spec.yaml:18:11: logicalVolumes[0].name: 'snapshot1' must not start with 'snapshot' or 'pvmove' (reserved by LVM)"),
                arguments("lv name pvmove", withLine(18, "  - name: pvmove0"), "spec.yaml:18:11: logicalVolumes[0].name: 'pvmove0' must not start with 'snapshot' or 'pvmove' (reserved by LVM)"),
                arguments("lv name reserved suffix", withLine(18, "  - name: data_tmeta"), "spec.yaml:18:11: logicalVolumes[0].name: 'data_tmeta' must not contain '_tmeta' (reserved by LVM for sub-volumes)"),
                arguments("lv vg unresolved", withLine(19, "    vg: vg1"), "spec.yaml:19:9: logicalVolumes[0].vg: volume group 'vg1' is not defined; did you mean 'vg0'?"),
                arguments("lv owner unresolved", withLine(21, "    owner: storage9"), "spec.yaml:21:12: logicalVolumes[0].owner: node 'storage9' is not defined (defined: node1, node2)"),
                arguments("lv owner missing", withLine(21, ""), "spec.yaml:18:5: logicalVolumes[0].owner: missing required key 'owner'"),
                arguments("size decimal unit", withLine(20, "    size: 1GB"), "spec.yaml:20:11: logicalVolumes[0].size: '1GB': decimal units (GB) are not supported; sizes are binary as in LVM: use G or GiB (1G = 1GiB = 2^30 bytes)"),
                arguments("size zero", withLine(20, "    size: 0"), "spec.yaml:20:11: logicalVolumes[0].size: size must be greater than zero, got '0'"),
                arguments("size negative", withLine(20, "    size: -1G"), "spec.yaml:20:11: logicalVolumes[0].size: size must be greater than zero, got '-1G'"),
                arguments("size words", withLine(20, "    size: big"), "spec.yaml:20:11: logicalVolumes[0].size: 'big' is not a size; write e.g. 512M, 1G or 1.5GiB"),
                arguments("size unknown unit", withLine(20, "    size: 1Q"), "spec.yaml:20:11: logicalVolumes[0].size: '1Q': unknown unit 'Q'; use K, M, G, T, P (or KiB, MiB, GiB, TiB, PiB)"),
                arguments("size fractional bytes", withLine(20, "    size: 1.5"), "spec.yaml:20:11: logicalVolumes[0].size: '1.5': a size in bytes must be a whole number"),
                arguments("size is a mapping", withLine(20, "    size: {G: 1}"), "spec.yaml:20:11: logicalVolumes[0].size: expected a size such as 512M or 1G, got a mapping"),
                arguments("filesystem type", withLine(23, "      type: btrfs"), "spec.yaml:23:13: logicalVolumes[0].filesystem.type: 'btrfs' is not one of ext4, xfs"),
                arguments("mount point relative", withLine(24, "      mountPoint: mnt/t_lv01"), "spec.yaml:24:19: logicalVolumes[0].filesystem.mountPoint: 'mnt/t_lv01' must be an absolute path other than /"),
                arguments("mount point root", withLine(24, "      mountPoint: /"), "spec.yaml:24:19: logicalVolumes[0].filesystem.mountPoint: '/' must be an absolute path other than /"),
                arguments("mount point dotdot", withLine(24, "      mountPoint: /mnt/../etc"), "spec.yaml:24:19: logicalVolumes[0].filesystem.mountPoint: '/mnt/../etc' must not contain '.' or '..' components"),
                arguments("mount point key typo", withLine(24, "      mount_point: /mnt/t_lv01"),
                        "spec.yaml:23:7: logicalVolumes[0].filesystem.mountPoint: missing required key 'mountPoint'\n"
                        + "spec.yaml:24:7: logicalVolumes[0].filesystem.mount_point: unknown key 'mount_point'; did you mean 'mountPoint'?"),
                arguments("mount point twice on one node", plus("  - {name: lv02, vg: vg0, size: 1G, owner: node1, filesystem: {type: xfs, mountPoint: /mnt/t_lv01}}"),
                        "spec.yaml:25:87: logicalVolumes[1].filesystem.mountPoint: mount point '/mnt/t_lv01' is already used on node 'node1' by vg0/lv01 (at spec.yaml:24:19)"),
                arguments("state", plus("    state: gone"), "spec.yaml:25:12: logicalVolumes[0].state: 'gone' is not one of present, absent"),
                arguments("duplicate lv in vg", plus("  - {name: lv01, vg: vg0, size: 2G, owner: node2}"),
                        "spec.yaml:25:12: logicalVolumes[1].name: duplicate logical volume 'vg0/lv01' (also defined at spec.yaml:18:11)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSpecs")
    void eachRuleGivesItsExactError(String rule, String yaml, String expected) {
        assertThat(errors(yaml)).containsExactly(expected.split("\n"));
        assertThat(SpecTexts.load(yaml).spec()).isNull();
    }

    @Test
    void aKeyWithANewlineOrAControlCharacterStillGivesAOneLineError() {
        // found by SpecMutationPropertiesTest: a quoted key may hold anything YAML can escape
        List<String> errors = errors(SpecTexts.VALID + "\"api\\nVersion\\u0007\": x\n");
        assertThat(errors).singleElement().satisfies(e -> assertThat(e).doesNotContain("\n", "\u0007")
                .contains("unknown key 'api\\nVersion\\u0007'"));
    }

    @Test
    void sameMountPointOnDifferentNodesIsFine() {
        assertThat(errors(plus("  - {name: lv02, vg: vg0, size: 1G, owner: node2, filesystem: {type: xfs, mountPoint: /mnt/t_lv01}}"))).isEmpty();
    }

    @Test
    void anAbsentLvDoesNotHoldItsMountPoint() {
        assertThat(errors(plus("  - {name: lv02, vg: vg0, size: 1G, owner: node1, state: absent, filesystem: {type: xfs, mountPoint: /mnt/t_lv01}}"))).isEmpty();
    }

    @Test
    void sameLvNameInTwoVgsIsFine() {
        String yaml = withLine(16, "    devices: [test_block_a]\n  - name: vg1\n    devices: [b]")
                .replace("devices:\n  - name: test_block_a", "devices:\n  - {name: b, path: /dev/sdb}\n  - name: test_block_a")
                + "  - {name: lv01, vg: vg1, size: 1G, owner: node2}\n";
        assertThat(errors(yaml)).isEmpty();
    }

    @Test
    void ipv6PortalInBracketsAndDefaultPort() {
        assertThat(SpecTexts.load(withLine(11, "      portal: '[fd00::5]:3261'")).spec().devices().get(0).iscsi().portal())
                .isEqualTo("[fd00::5]:3261");
        assertThat(SpecTexts.load(withLine(11, "      portal: 192.168.10.5")).spec().devices().get(0).iscsi().portal())
                .isEqualTo("192.168.10.5:3260");
    }

    @Test
    void defaultsAreApplied() {
        var spec = SpecTexts.load(SpecTexts.VALID).spec();
        var node = spec.nodes().get(0);
        assertThat(node.port()).isEqualTo(22);
        assertThat(node.user()).isEqualTo("root");
        assertThat(node.sudo()).isFalse();
        assertThat(node.knownHostsFile()).isNull();
        assertThat(spec.volumeGroups().get(0).guard()).isEqualTo(io.lvmops.model.Guard.TAGS);
        assertThat(spec.logicalVolumes().get(0).state()).isEqualTo(io.lvmops.model.LvState.PRESENT);
        assertThat(spec.logicalVolumes().get(0).size().bytes()).isEqualTo(1L << 30);
    }

    @Test
    void allFieldsAreRead() {
        String yaml = withLine(4, String.join("\n", "    host: node1.test.com", "    port: 2222", "    user: lvmops",
                "    identityFile: ~/.ssh/id_ed25519", "    knownHostsFile: /etc/lvmops/known_hosts", "    sudo: true",
                "    fenced: true")) // a fenced first node cannot hold vg0's lock: vg0 names its lock node
                .replace("    devices: [test_block_a]\n", "    devices: [test_block_a]\n    metadataNode: node2\n");
        var node = SpecTexts.load(yaml).spec().nodes().get(0);
        assertThat(node).isEqualTo(new io.lvmops.model.NodeSpec("node1", "node1.test.com", 2222, "lvmops",
                "~/.ssh/id_ed25519", "/etc/lvmops/known_hosts", true, true));
    }

    @Test
    void allErrorsAreCollectedInOnePassAndSorted() {
        String yaml = VALID_WITH_THREE_PROBLEMS;
        assertThat(errors(yaml)).containsExactly(
                "spec.yaml:4:11: nodes[0].port: port 0 is out of range 1-65535",
                "spec.yaml:21:11: logicalVolumes[0].size: size must be greater than zero, got '0'",
                "spec.yaml:22:12: logicalVolumes[0].owner: node 'nodeX' is not defined; did you mean 'node1'?");
    }

    private static final String VALID_WITH_THREE_PROBLEMS = withLine(3, "  - name: node1\n    port: 0")
            .replace("    size: 1G", "    size: 0").replace("    owner: node1", "    owner: nodeX");

    @Test
    void anchorsAliasesAndMergeKeysWork() {
        String yaml = String.join("\n",
                "apiVersion: lvmops/v1",
                "nodes:",
                "  - &base {name: node1, host: h1, user: admin, sudo: true}",
                "  - <<: *base",
                "    name: node2",
                "    host: h2",
                "");
        var spec = SpecTexts.load(yaml).spec();
        assertThat(spec.nodes().get(1).user()).isEqualTo("admin");
        assertThat(spec.nodes().get(1).host()).isEqualTo("h2");
    }

    @Test
    void recursiveAliasesDoNotHang() {
        assertThat(errors("apiVersion: lvmops/v1\nnodes: &a [*a]\n"))
                .containsExactly("spec.yaml:2:8: nodes[0]: expected a node mapping (name, host, port, user, identityFile, knownHostsFile, sudo, fenced), got a list");
    }
}
