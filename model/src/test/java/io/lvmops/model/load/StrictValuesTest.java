package io.lvmops.model.load;

import io.lvmops.model.DeviceSpec;
import io.lvmops.model.FilesystemSpec;
import io.lvmops.model.FsType;
import io.lvmops.model.IscsiSpec;
import io.lvmops.model.NodeSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static io.lvmops.model.load.SpecTexts.errors;
import static io.lvmops.model.load.SpecTexts.plus;
import static io.lvmops.model.load.SpecTexts.withLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The strict value rules: device paths, IQNs, mount points, name lengths; each with its exact error. */
class StrictValuesTest {

    public static Stream<Arguments> badValues() {
        String dev = "spec.yaml:9:11: devices[0].path: ";
        String iqn = "spec.yaml:12:15: devices[0].iscsi.target: ";
        String mnt = "spec.yaml:24:19: logicalVolumes[0].filesystem.mountPoint: ";
        return Stream.of(
                arguments(withLine(9, "    path: '/dev/sd b'"), dev + "'/dev/sd b' may contain only A-Z a-z 0-9 . _ + : @ / -"),
                arguments(withLine(9, "    path: '/dev/sdb;reboot'"), dev + "'/dev/sdb;reboot' may contain only A-Z a-z 0-9 . _ + : @ / -"),
                arguments(withLine(9, "    path: '/dev/sdb$(id)'"), dev + "'/dev/sdb$(id)' may contain only A-Z a-z 0-9 . _ + : @ / -"),
                arguments(withLine(9, "    path: \"/dev/sdb\\n\""), dev + "'/dev/sdb\\n' may contain only A-Z a-z 0-9 . _ + : @ / -"),
                arguments(withLine(9, "    path: /dev/mapper/./x"), dev + "'/dev/mapper/./x' must be an absolute /dev path, e.g. /dev/mapper/test_block_a"),
                arguments(withLine(9, "    path: /dev/stdin"), dev + "'/dev/stdin' is not a block device path"),
                arguments(withLine(9, "    path: /dev/fd/0"), dev + "'/dev/fd/0' is not a block device path"),
                arguments(withLine(9, "    path: /dev/null"), dev + "'/dev/null' is not a block device path"),
                arguments(withLine(9, "    path: /dev/zero"), dev + "'/dev/zero' is not a block device path"),
                arguments(withLine(9, "    path: /dev/urandom"), dev + "'/dev/urandom' is not a block device path"),
                arguments(withLine(9, "    path: /dev/tty1"), dev + "'/dev/tty1' is not a block device path"),
                arguments(withLine(9, "    path: /dev/shm/x"), dev + "'/dev/shm/x' is not a block device path"),
                arguments(withLine(12, "      target: 'iqn.2016-11.com.test:block a'"), iqn + "'iqn.2016-11.com.test:block a' is not an iSCSI name; expected iqn.YYYY-MM.reverse.domain[:id] in lower case (a-z 0-9 . : -), eui. and 16 hex digits, or naa. and 16 or 32 hex digits, at most 223 bytes; e.g. iqn.2016-11.com.test:block-a"),
                arguments(withLine(12, "      target: 'iqn.2016-11.com.test:$(reboot)'"), iqn + "'iqn.2016-11.com.test:$(reboot)' is not an iSCSI name; expected iqn.YYYY-MM.reverse.domain[:id] in lower case (a-z 0-9 . : -), eui. and 16 hex digits, or naa. and 16 or 32 hex digits, at most 223 bytes; e.g. iqn.2016-11.com.test:block-a"),
                arguments(withLine(12, "      target: iqn.2016-11.com.test:Block-A"), iqn + "'iqn.2016-11.com.test:Block-A' is not an iSCSI name; expected iqn.YYYY-MM.reverse.domain[:id] in lower case (a-z 0-9 . : -), eui. and 16 hex digits, or naa. and 16 or 32 hex digits, at most 223 bytes; e.g. iqn.2016-11.com.test:block-a"),
                arguments(withLine(12, "      target: iqn.2016-11.com.test:" + "a".repeat(210)), iqn + "'iqn.2016-11.com.test:aaaaaaaaaaaaaaaaaaa…' is 231 bytes long; an iSCSI name is at most 223"),
                arguments(withLine(12, "      target: eui.0123"), iqn + "'eui.0123' is not an iSCSI name; expected iqn.YYYY-MM.reverse.domain[:id] in lower case (a-z 0-9 . : -), eui. and 16 hex digits, or naa. and 16 or 32 hex digits, at most 223 bytes; e.g. iqn.2016-11.com.test:block-a"),
                arguments(withLine(24, "      mountPoint: /mnt//t_lv01"), mnt + "'/mnt//t_lv01' is not normalised; write '/mnt/t_lv01'"),
                arguments(withLine(24, "      mountPoint: /mnt/t_lv01/"), mnt + "'/mnt/t_lv01/' is not normalised; write '/mnt/t_lv01'"),
                arguments(withLine(24, "      mountPoint: '/mnt/a;b'"), mnt + "'/mnt/a;b' may contain only A-Z a-z 0-9 . _ @ + / -"),
                arguments(withLine(24, "      mountPoint: '/mnt/$(id)'"), mnt + "'/mnt/$(id)' may contain only A-Z a-z 0-9 . _ @ + / -"),
                arguments(withLine(24, "      mountPoint: '/mnt/a b'"), mnt + "'/mnt/a b' may contain only A-Z a-z 0-9 . _ @ + / -"),
                arguments(withLine(24, "      mountPoint: /etc"), mnt + "'/etc' is a system directory; mount LVs elsewhere, e.g. under /mnt or /srv"),
                arguments(withLine(24, "      mountPoint: /etc/lvmops"), mnt + "'/etc/lvmops' is under the system directory /etc; mount LVs elsewhere, e.g. under /mnt or /srv"),
                arguments(withLine(24, "      mountPoint: /usr/local"), mnt + "'/usr/local' is under the system directory /usr; mount LVs elsewhere, e.g. under /mnt or /srv"),
                arguments(withLine(24, "      mountPoint: /boot/efi"), mnt + "'/boot/efi' is under the system directory /boot; mount LVs elsewhere, e.g. under /mnt or /srv"),
                arguments(withLine(24, "      mountPoint: /proc/x"), mnt + "'/proc/x' is under the system directory /proc; mount LVs elsewhere, e.g. under /mnt or /srv"),
                arguments(withLine(24, "      mountPoint: /sys/fs"), mnt + "'/sys/fs' is under the system directory /sys; mount LVs elsewhere, e.g. under /mnt or /srv"),
                arguments(withLine(24, "      mountPoint: /dev/shm"), mnt + "'/dev/shm' is under the system directory /dev; mount LVs elsewhere, e.g. under /mnt or /srv"),
                arguments(withLine(24, "      mountPoint: /run/x"), mnt + "'/run/x' is under the system directory /run; mount LVs elsewhere, e.g. under /mnt or /srv"),
                arguments(withLine(24, "      mountPoint: /bin/x"), mnt + "'/bin/x' is under the system directory /bin; mount LVs elsewhere, e.g. under /mnt or /srv"),
                arguments(withLine(24, "      mountPoint: /sbin/x"), mnt + "'/sbin/x' is under the system directory /sbin; mount LVs elsewhere, e.g. under /mnt or /srv"),
                arguments(withLine(24, "      mountPoint: /lib64/x"), mnt + "'/lib64/x' is under the system directory /lib64; mount LVs elsewhere, e.g. under /mnt or /srv"),
                arguments(withLine(24, "      mountPoint: /var"), mnt + "'/var' is a system directory; mount LVs elsewhere, e.g. under /mnt or /srv"),
                arguments(withLine(24, "      mountPoint: /home"), mnt + "'/home' is a system directory; mount LVs elsewhere, e.g. under /mnt or /srv"),
                arguments(withLine(24, "      mountPoint: /tmp"), mnt + "'/tmp' is a system directory; mount LVs elsewhere, e.g. under /mnt or /srv"),
                arguments(withLine(24, "      mountPoint: /mnt"), mnt + "'/mnt' is a system directory; mount LVs elsewhere, e.g. under /mnt or /srv"),
                arguments(withLine(3, "  - name: " + "n".repeat(65)).replace("owner: node1", "owner: node2"),
                        "spec.yaml:3:11: nodes[0].name: 'nnnnnnnnnnnnnnnnnnnn…' is 65 characters long; a node name is at most 64"),
                arguments(withLine(18, "  - name: " + "l".repeat(125)),
                        "spec.yaml:18:11: logicalVolumes[0].name: 'vg0/llllllllllllllll…' gives the device-mapper name 'vg0-llllllllllllllll…' of 129 characters; LVM allows at most 127"),
                arguments(withLine(18, "  - name: data_iorig"), "spec.yaml:18:11: logicalVolumes[0].name: 'data_iorig' must not contain '_iorig' (reserved by LVM for sub-volumes)"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void eachStrictRuleGivesItsExactError(String yaml, String expected) {
        assertThat(errors(yaml)).containsExactly(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/dev/mapper/test_block_a", "/dev/disk/by-id/wwn-0x6001405abc", "/dev/sdb",
            "/dev/disk/by-path/ip-192.168.10.5:3260-iscsi-iqn.2016-11.com.test:block-a-lun-1", "/dev/vg0/lv+1",
            "/dev/disk/by-id/scsi-x@y"})
    void goodDevicePathsLoad(String path) {
        assertThat(errors(withLine(9, "    path: '" + path + "'"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"iqn.2016-11.com.test:block-a", "iqn.2016-11.com.test", "iqn.2001-04.com.example:storage:diskarrays-sn-a8675309",
            "eui.02004567A425678D", "naa.52004567BA64678D", "naa.6001405abcdef0123456789abcdef012"})
    void goodIscsiNamesLoad(String target) {
        assertThat(errors(withLine(12, "      target: '" + target + "'"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/mnt/t_lv01", "/srv/data", "/var/lib/pgsql", "/data", "/home/shared", "/mnt/a.b@c+d-e", "/opt/app"})
    void goodMountPointsLoad(String mountPoint) {
        assertThat(errors(withLine(24, "      mountPoint: '" + mountPoint + "'"))).isEmpty();
    }

    @Test
    void aNodeNameOf64CharactersAndAnLvmNameAtTheLimitLoad() {
        String n = "n".repeat(64);
        assertThat(errors(withLine(3, "  - name: " + n).replace("owner: node1", "owner: " + n))).isEmpty();
        assertThat(errors(withLine(18, "  - name: " + "l".repeat(123)))).isEmpty(); // vg0- + 123 = 127
        // a hyphen is doubled in the device-mapper name
        assertThat(errors(withLine(18, "  - name: " + "l".repeat(122) + "-"))).singleElement()
                .satisfies(e -> assertThat(e).contains("of 128 characters; LVM allows at most 127"));
    }

    @Test
    void theOneMountPerNodeRuleComparesNormalisedPaths() {
        // both spellings are refused on their own; the rule itself never sees two spellings of one directory
        assertThat(errors(plus("  - {name: lv02, vg: vg0, size: 1G, owner: node1, filesystem: {type: xfs, mountPoint: /mnt//t_lv01}}")))
                .containsExactly("spec.yaml:25:87: logicalVolumes[1].filesystem.mountPoint: '/mnt//t_lv01' is not normalised; write '/mnt/t_lv01'");
        assertThat(CrossChecks.normalisedMountPoint("/mnt//t_lv01/")).isEqualTo("/mnt/t_lv01");
    }

    @Test
    void theRecordsRefuseWhatTheLoaderRefuses() {
        assertThatThrownBy(() -> new DeviceSpec("d", "/dev/null", null)).hasMessageContaining("not a block device");
        assertThatThrownBy(() -> new DeviceSpec("d", "/dev/sd;b", null)).hasMessageContaining("may contain only");
        assertThatThrownBy(() -> new FilesystemSpec(FsType.EXT4, "/etc/x")).hasMessageContaining("system directory");
        assertThatThrownBy(() -> new FilesystemSpec(FsType.EXT4, "/mnt//x")).hasMessageContaining("not normalised");
        assertThatThrownBy(() -> new IscsiSpec("h", 3260, "iqn.2016-11.com.test:$(x)", 0)).hasMessageContaining("not an iSCSI name");
        assertThatThrownBy(() -> NodeSpec.of("n".repeat(65), "h")).hasMessageContaining("at most 64");
    }
}
