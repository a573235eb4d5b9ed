package io.lvmops.observe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** iscsiadm, mountinfo, blkid, dmsetup and lvm version, on real captured outputs. */
class SmallParsersTest {

    @Test
    void iscsiSessionOfALoggedInNode() {
        assertThat(IscsiSessionParser.parse(Fixtures.text("lab/s2-node1-active-iscsiadm-session.txt")))
                .containsExactly(new IscsiSession("10.0.2.2:3260", "iqn.2016-11.com.test:block-a"));
    }

    @Test
    void noIscsiSessionIsExit21WithEmptyStdout() {
        assertThat(Fixtures.exitCode("lab/s0-node1-iscsiadm-session")).isEqualTo(IscsiSessionParser.NO_SESSIONS);
        assertThat(Fixtures.text("lab/s0-node1-iscsiadm-session.err")).contains("No active sessions");
        assertThat(IscsiSessionParser.parse(Fixtures.text("lab/s0-node1-iscsiadm-session.txt"))).isEmpty();
    }

    @Test
    void mountedLvInTheLabsMountinfo() {
        var mounts = MountInfoParser.parse(Fixtures.text("lab/s2-node1-active-mountinfo.txt"));
        assertThat(mounts).contains(new MountEntry("/dev/mapper/vg0-lv01", "/mnt/t_lv01", "ext4", "253:1"));
        assertThat(MountInfoParser.parse(Fixtures.text("lab/s2-node2-inactive-mountinfo.txt")))
                .noneMatch(m -> m.source().contains("vg0"));
    }

    @Test
    void blkidsOutputCannotOverwriteWhatTheScriptSaidAboutTheDevice() {
        // observe.sh prints its own lines first; a hostile label or a later key of the same name must not win
        DeviceProbe p = BlkidParser.parse("/dev/mapper/test_block_a", "lvmops_exists=1\nlvmops_dm_uuid=mpath-3600a\n"
                + "lvmops_size=2147483648\nLABEL=x\nlvmops_dm_uuid=mpath-3600b\nlvmops_size=1\nTYPE=ext4\n", 0);
        assertThat(p.identity()).isEqualTo("mpath-3600a");
        assertThat(p.sizeBytes()).isEqualTo(2147483648L);
        assertThat(p.signatureType()).isEqualTo("ext4");
    }

    @Test
    void octalEscapesInMountPoints() {
        // the kernel writes ' ' as \040, tab \011, newline \012, backslash \134 (proc(5))
        var m = MountInfoParser.parse("36 29 253:1 / /mnt/my\\040data\\134x rw,relatime shared:1 - ext4 "
                + "/dev/mapper/vg0-lv01 rw\n");
        assertThat(m).containsExactly(new MountEntry("/dev/mapper/vg0-lv01", "/mnt/my data\\x", "ext4", "253:1"));
        assertThat(MountInfoParser.unescape("a\\011b\\012c")).isEqualTo("a\tb\nc");
        assertThat(MountInfoParser.unescape("no\\9escape")).isEqualTo("no\\9escape");
    }

    @Test
    void blkidOnBlankLunPvAndFilesystem() {
        assertThat(Fixtures.exitCode("lab/s1-node1-blkid-lun")).isEqualTo(BlkidParser.NOTHING_FOUND);
        assertThat(BlkidParser.signatureType(Fixtures.text("lab/s1-node1-blkid-lun.txt"), 2)).isEmpty();
        assertThat(BlkidParser.signatureType(Fixtures.text("lab/s2-node1-active-blkid-lun.txt"),
                Fixtures.exitCode("lab/s2-node1-active-blkid-lun"))).isEqualTo("LVM2_member");
        assertThat(BlkidParser.signatureType(Fixtures.text("lab/s2-node1-active-blkid-lv.txt"),
                Fixtures.exitCode("lab/s2-node1-active-blkid-lv"))).isEqualTo("ext4");
        assertThat(BlkidParser.signatureType("", 8)).as("ambivalent: unknown, never blank").isNull();
    }

    @Test
    void blkidExportValuesAreUnescaped() {
        // real: "VERSION=LVM2\ 001"; a label may hold a backslash too (blkid prints it as "\\")
        assertThat(BlkidParser.exportPairs(Fixtures.text("lab/s2-node1-active-blkid-lun.txt")))
                .containsEntry("VERSION", "LVM2 001").containsEntry("TYPE", "LVM2_member");
        assertThat(BlkidParser.exportPairs("LABEL=a\\\\b\\ c$1\nTYPE=ext4\n"))
                .containsEntry("LABEL", "a\\b c$1").containsEntry("TYPE", "ext4");
    }

    @Test
    void blkidExitsTwoForAMissingDeviceTooSoTheProbeChecksExistenceFirst() {
        // s0: the LUN is not there, yet blkid says the same as for a blank device
        assertThat(Fixtures.exitCode("lab/s0-node1-blkid-lun")).isEqualTo(2);
        DeviceProbe missing = BlkidParser.parse("/dev/mapper/test_block_a", "lvmops_exists=0\n", 0);
        assertThat(missing.exists()).isFalse();
        assertThat(missing.blank()).isFalse();
        DeviceProbe blank = BlkidParser.parse("/dev/loop4", "lvmops_exists=1\nlvmops_size=67108864\n", 2);
        assertThat(blank.blank()).isTrue();
        assertThat(blank.sizeBytes()).isEqualTo(67108864L);
    }

    @Test
    void dmsetupInfoWithLvAndMultipathMap() throws Exception {
        assertThat(DmsetupParser.parse(Fixtures.text("lab/s2-node1-active-dmsetup-info.txt"), ':'))
                .containsExactly(new DmDevice("test_block_a", "mpath-360000000000000000e00000000010001", 1),
                        new DmDevice("vg0-lv01",
                                "LVM-qGDr4jwTCQJfhQL9rt4xDrRLzt1SDEy8Z7dYxBJedggEOhC8ycrD0rDtiESRnme2", 1));
        assertThat(DmsetupParser.parse("No devices found\n")).isEmpty();
        assertThat(DmsetupParser.parse("odd|name||0\n")).containsExactly(new DmDevice("odd|name", "", 0));
        assertThatThrownBy(() -> DmsetupParser.parse("garbage\n")).isInstanceOf(LvmReportException.class);
    }

    @Test
    void lvmVersion() {
        assertThat(LvmVersionParser.parse(Fixtures.text("lab/s0-node1-lvm-version.txt"))).hasValue("2.03.16");
        assertThat(LvmVersionParser.hasJsonReport("2.03.16")).isTrue();
        assertThat(LvmVersionParser.hasJsonReport("2.02.158")).isTrue();
        assertThat(LvmVersionParser.hasJsonReport("2.02.157")).isFalse();
        assertThat(LvmVersionParser.hasJsonReport("2.02.100")).isFalse();
        assertThat(LvmVersionParser.parse("sh: 1: lvm: not found")).isEmpty();
    }
}
