package io.lvmops.plan.step;

import io.lvmops.model.FsType;
import io.lvmops.transport.CommandResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Golden command lines, one per step type: what the plan shows is exactly what apply runs. */
class StepArgvTest {
    private static final String IQN = "iqn.2016-11.com.test:block-a";
    private static final String HINTS = "--config devices/hints=none";

    private static String line(Step s) {
        return s.commandLine();
    }

    @Test
    void iscsiSteps() {
        assertThat(line(new IscsiNodeCreate("n1", IQN, "10.0.2.2:3260", "r")))
                .isEqualTo("iscsiadm -m node -o new -T iqn.2016-11.com.test:block-a -p 10.0.2.2:3260");
        assertThat(line(new IscsiStartupAutomatic("n1", IQN, "10.0.2.2:3260", "r")))
                .isEqualTo("iscsiadm -m node -T iqn.2016-11.com.test:block-a -p 10.0.2.2:3260 -o update -n node.startup -v automatic");
        assertThat(line(new IscsiLogin("n1", IQN, "10.0.2.2:3260", "r")))
                .isEqualTo("iscsiadm -m node -T iqn.2016-11.com.test:block-a -p 10.0.2.2:3260 --login");
        assertThat(new IscsiLogin("n1", IQN, "p:1", "r").action()).isEqualTo(Action.CREATE);
    }

    @Test
    void waitForDevicePassesThePathAsAnArgumentNotInsideTheScript() {
        WaitForDevice s = new WaitForDevice("n1", "/dev/mapper/test_block_a", "r");
        assertThat(s.argv()).containsExactly("timeout", "60", "sh", "-c", "until [ -b \"$1\" ]; do sleep 0.2; done",
                "lvmops-wait-device", "/dev/mapper/test_block_a");
        assertThat(line(s)).isEqualTo("timeout 60 sh -c 'until [ -b \"$1\" ]; do sleep 0.2; done' lvmops-wait-device /dev/mapper/test_block_a");
        assertThat(s.action()).isEqualTo(Action.VERIFY);
    }

    @Test
    void rescanAndVerifyBlank() {
        assertThat(line(new Rescan("n1", "r"))).isEqualTo("lvm pvscan " + HINTS + " --cache");
        VerifyBlank v = new VerifyBlank("n1", "/dev/sdb", "r");
        assertThat(line(v)).isEqualTo("blkid -p /dev/sdb");
        assertThat(v.succeeded(new CommandResult(2, "", "", null))).isTrue();
        assertThat(v.succeeded(new CommandResult(0, "/dev/sdb: TYPE=\"ext4\"", "", null))).isFalse();
        assertThat(v.succeeded(new CommandResult(4, "", "usage", null))).isFalse();
    }

    @Test
    void pvAndVg() {
        PvCreate pv = new PvCreate("n1", "/dev/mapper/a", "r");
        assertThat(line(pv)).isEqualTo("(if /dev/mapper/a is provably blank) lvm pvcreate " + HINTS + " /dev/mapper/a");
        // the node proves it blank in the same command, right before pvcreate; the path is an argument, not script
        assertThat(pv.argv()).containsExactly("sh", "-c", BlankProof.SCRIPT, "lvmops-blank", "-b", "/dev/mapper/a",
                "--", "lvm", "pvcreate", "--config", "devices/hints=none", "/dev/mapper/a");
        assertThat(BlankProof.SCRIPT).doesNotContain("/dev/mapper");
        assertThat(line(new VgCreate("n1", "vg0", List.of("/dev/mapper/a", "/dev/mapper/b"), 4194304L, true, false, "r")))
                .isEqualTo("lvm vgcreate " + HINTS + " -s 4194304b --setautoactivation n vg0 /dev/mapper/a /dev/mapper/b");
        assertThat(line(new VgCreate("n1", "vg0", List.of("/dev/sdb"), null, false, true, "r")))
                .isEqualTo("lvm vgcreate " + HINTS + " --shared vg0 /dev/sdb");
        VgCreate shared = new VgCreate("n1", "vg0", List.of("/dev/sdb"), null, false, true, List.of("/dev/sdb"), "r");
        assertThat(line(shared)).isEqualTo("(if /dev/sdb is provably blank) lvm vgcreate " + HINTS + " --shared vg0 /dev/sdb");
        assertThat(shared.argv()).containsExactly("sh", "-c", BlankProof.SCRIPT, "lvmops-blank", "-b", "/dev/sdb", "--",
                "lvm", "vgcreate", "--config", "devices/hints=none", "--shared", "vg0", "/dev/sdb");
        assertThat(line(new VgExtend("n1", "vg0", "/dev/sdc", "r"))).isEqualTo("lvm vgextend " + HINTS + " vg0 /dev/sdc");
        assertThat(line(new VgAutoactivationOff("n1", "vg0", "r")))
                .isEqualTo("lvm vgchange " + HINTS + " --setautoactivation n vg0");
    }

    @Test
    void lvCreateIsActiveZeroedWipedTaggedAndNotAutoactivated() {
        String zeroed = ", then zero the first and last MiB of the new /dev/vg0/lv01 (dd oflag=direct conv=fsync; only if "
                + "this lvcreate created it and it is active here)";
        assertThat(line(new LvCreate("n1", "vg0", "lv01", 1073741824L, false, List.of("lvmops_owner_n1"), true, "r")))
                .isEqualTo("lvm lvcreate " + HINTS + " --yes -n lv01 -L 1073741824b -ay -Zy -Wy --setautoactivation n --addtag lvmops_owner_n1 vg0" + zeroed);
        assertThat(line(new LvCreate("n1", "vg0", "lv01", 4096L, true, List.of(), false, "r")))
                .isEqualTo("lvm lvcreate " + HINTS + " --yes -n lv01 -L 4096b -aey -Zy -Wy vg0" + zeroed);
    }

    @Test
    void lvCreateRunsBehindTheNewLvZeroingWithNamesAsArgumentsOnly() {
        LvCreate create = new LvCreate("n1", "vg0", "lv01", 4194304L, false, List.of("lvmops_owner_n1"), true, "r");
        assertThat(create.argv()).containsExactly("sh", "-c", NewLvZeroing.SCRIPT, "lvmops-new-lv", "-b", "vg0", "lv01",
                "/dev/vg0/lv01", "--", "lvm", "lvcreate", "--config", "devices/hints=none", "--yes", "-n", "lv01", "-L",
                "4194304b", "-ay", "-Zy", "-Wy", "--setautoactivation", "n", "--addtag", "lvmops_owner_n1", "vg0");
        assertThat(NewLvZeroing.SCRIPT).doesNotContain("vg0", "lv01", "/dev/mapper");
    }

    @Test
    void lvChanges() {
        assertThat(line(new LvExtend("n1", "vg0", "lv01", 2147483648L, "r")))
                .isEqualTo("lvm lvextend " + HINTS + " -L 2147483648b vg0/lv01");
        assertThat(line(new Deactivate("n2", "vg0", "lv01", "r"))).isEqualTo("lvm lvchange " + HINTS + " -an vg0/lv01");
        assertThat(line(new Activate("n2", "vg0", "lv01", false, "r"))).isEqualTo("lvm lvchange " + HINTS + " -ay vg0/lv01");
        assertThat(line(new Activate("n2", "vg0", "lv01", true, "r"))).isEqualTo("lvm lvchange " + HINTS + " -aey vg0/lv01");
        assertThat(line(new Refresh("n2", "vg0", "lv01", "r"))).isEqualTo("lvm lvchange " + HINTS + " --refresh vg0/lv01");
        assertThat(line(new LvTags("n1", "vg0", "lv01", List.of("lvmops_owner_n2"), List.of("lvmops_owner_n1"), "r")))
                .isEqualTo("lvm lvchange " + HINTS + " --deltag lvmops_owner_n1 --addtag lvmops_owner_n2 vg0/lv01");
        assertThat(line(new LvAutoactivationOff("n1", "vg0", "lv01", "r")))
                .isEqualTo("lvm lvchange " + HINTS + " --setautoactivation n vg0/lv01");
        LvRemove remove = new LvRemove("n1", "vg0", "lv01", "r");
        assertThat(line(remove)).isEqualTo("lvm lvremove " + HINTS + " vg0/lv01");
        assertThat(remove.action()).isEqualTo(Action.DESTROY);
    }

    @Test
    void verifyInactiveHasNoArgvItReObserves() {
        VerifyInactive v = new VerifyInactive("n1", "vg0", "lv01", "r");
        assertThat(v.argv()).isEmpty();
        assertThat(v.commandLine()).isEqualTo("(re-observe n1) verify vg0/lv01 is inactive");
        assertThat(v.action()).isEqualTo(Action.VERIFY);
    }

    @Test
    void filesystemSteps() {
        assertThat(line(new Mkfs("n1", "vg0", "lv01", FsType.EXT4, "r")))
                .isEqualTo("(if /dev/vg0/lv01 is provably blank) mkfs.ext4 -q /dev/vg0/lv01");
        assertThat(new Mkfs("n1", "vg0", "lv01", FsType.XFS, "r").argv()).containsExactly("sh", "-c",
                BlankProof.SCRIPT, "lvmops-blank", "-b", "/dev/vg0/lv01", "--", "mkfs.xfs", "-q", "/dev/vg0/lv01");
        assertThat(line(new MakeMountPoint("n1", "/mnt/t_lv01", "r"))).isEqualTo("mkdir -p /mnt/t_lv01");
        assertThat(line(new Mount("n1", "vg0", "lv01", FsType.EXT4, "/mnt/t_lv01", "r")))
                .isEqualTo("mount -t ext4 /dev/vg0/lv01 /mnt/t_lv01");
        assertThat(line(new Mount("n1", "vg0", "lv01", FsType.XFS, "/mnt/my data", "r")))
                .isEqualTo("mount -t xfs /dev/vg0/lv01 '/mnt/my data'");
        assertThat(line(new Umount("n2", "vg0", "lv01", "/mnt/t_lv01", "r"))).isEqualTo("umount /mnt/t_lv01");
        assertThat(line(new FsGrow("n1", "vg0", "lv01", FsType.EXT4, "/mnt/t", "r"))).isEqualTo("resize2fs /dev/vg0/lv01");
        assertThat(line(new FsGrow("n1", "vg0", "lv01", FsType.XFS, "/mnt/t", "r"))).isEqualTo("xfs_growfs /mnt/t");
    }

    @Test
    void shellWordsQuoteOnlyWhatNeedsIt() {
        assertThat(ShellWords.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(ShellWords.quote("")).isEqualTo("''");
        assertThat(ShellWords.quote("a/b:c=d")).isEqualTo("a/b:c=d");
    }
}
