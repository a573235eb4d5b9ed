package io.lvmops.plan;

import io.lvmops.lab.Lab;
import io.lvmops.lab.LabExtension;
import io.lvmops.lab.LabSize;
import io.lvmops.lab.ScenarioClock;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A path is not an identity, on real nodes: node2's multipath aliases are swapped, so /dev/mapper/test_block_a is
 * LUN a on node1 and LUN b on node2. lvmops must block, write nothing, and name the mismatch in plan and status.
 */
@Tag("lab")
@EnabledIf(value = "io.lvmops.lab.Lab#available", disabledReason = "lab/lab is absent from this checkout")
@ExtendWith({LabExtension.class, ScenarioClock.class})
@LabSize(nodes = 2, luns = 2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeviceIdentityLabTest {
    private static final Duration CLI_TIMEOUT = Duration.ofMinutes(5);
    private static final String WWID_A = "360000000000000000e00000000010001";
    private static final String WWID_B = "360000000000000000e00000000020001";

    @TempDir
    static Path tmp;
    static Path spec;

    private static Lab.Result lvmops(Lab lab, String... args) throws IOException {
        return lab.lvmopsLogged(CLI_TIMEOUT, args);
    }

    /** Both nodes log in to both LUNs (as an earlier apply of another spec would have done). */
    private static void loginEverywhere(Lab lab) throws IOException {
        String portal = portal(lab);
        for (String node : lab.nodeNames()) {
            lab.sshOk(node, "for t in a b; do iscsiadm -m node -o new -T iqn.2016-11.com.test:block-$t -p " + portal
                    + " >/dev/null && iscsiadm -m node -T iqn.2016-11.com.test:block-$t -p " + portal
                    + " --login >/dev/null; done; for i in $(seq 60); do [ -e /dev/mapper/test_block_a ]"
                    + " && [ -e /dev/mapper/test_block_b ] && break; sleep 1; done; udevadm settle");
        }
    }

    private static String portal(Lab lab) throws IOException {
        String yaml = lab.specYaml();
        int at = yaml.indexOf("portal: ") + "portal: ".length();
        return yaml.substring(at, yaml.indexOf('\n', at)).trim();
    }

    /** node2's multipath.conf: test_block_a = LUN b and test_block_b = LUN a (swap = true), or as the lab wrote it. */
    private static void aliasesOnNode2(Lab lab, boolean swap) throws IOException {
        String from = swap ? "0000010001" : "0000020001";
        String to = swap ? "0000020001" : "0000010001";
        lab.sshOk("node2", "grep -q 'wwid 360000000000000000e0000" + from + "' /etc/multipath.conf"
                + " && sed -i 's/" + from + "/TMPWWID/; s/" + to + "/" + from + "/; s/TMPWWID/" + to + "/'"
                + " /etc/multipath.conf && multipath -F && multipathd reconfigure >/dev/null");
        String want = "mpath-360000000000000000e0000" + to;
        lab.sshOk("node2", "for i in $(seq 60); do for d in /sys/class/block/dm-*; do"
                + " [ \"$(cat $d/dm/name)\" = test_block_a ] && [ \"$(cat $d/dm/uuid)\" = " + want + " ] && exit 0;"
                + " done; sleep 1; done; exit 1");
    }

    private static void assertBlankEverywhere(Lab lab) throws IOException {
        for (String node : lab.nodeNames()) {
            for (String lun : new String[] {"a", "b"}) {
                Lab.Result blkid = lab.ssh(node, "blkid -p /dev/mapper/test_block_" + lun);
                assertThat(blkid.exitCode()).as("%s sees test_block_%s blank: %s", node, lun, blkid.stdout())
                        .isEqualTo(2);
            }
            assertThat(lab.sshOk(node, "lvm pvs --noheadings -o pv_name").trim()).as("no PV on %s", node).isEmpty();
        }
    }

    /**
     * A fresh LUN nobody has seen yet cannot be compared at plan time: the apply compares. node2 is logged in to LUN
     * b only (test_block_b); right after lvmops logs node2 in to LUN a, a rogue on node2 renames the maps so that
     * test_block_a is LUN b there. The apply's comparison before the first write refuses: nothing is written.
     */
    @Test
    @Order(0)
    void s0_aDeviceNobodyHadSeen_theApplyComparesEveryNodesViewBeforeTheFirstWrite(Lab lab) throws Exception {
        String storage = Files.readString(lab.repositoryRoot().resolve("examples/two-nodes/storage.yaml"));
        spec = lab.specDirectory(tmp.resolve("spec"), Map.of("storage.yaml", storage));
        String portal = portal(lab);
        lab.sshOk("node2", "iscsiadm -m node -o new -T iqn.2016-11.com.test:block-b -p " + portal + " >/dev/null"
                + " && iscsiadm -m node -T iqn.2016-11.com.test:block-b -p " + portal + " --login >/dev/null"
                + " && for i in $(seq 60); do [ -e /dev/mapper/test_block_b ] && break; sleep 1; done; udevadm settle;"
                + " [ -e /dev/mapper/test_block_b ]");
        Lab.Result plan = lvmops(lab, "plan", spec.toString());
        assertThat(plan.stdout()).contains("(re-observe node1, node2) verify every node sees the same blank disk at "
                + "/dev/mapper/test_block_a");
        // the rogue: once LUN a's map shows up on node2, swap the two names
        lab.sshOk("node2", "nohup sh -c 'for i in $(seq 1200); do"
                + " if [ \"$(dmsetup info -c --noheadings -o uuid test_block_a 2>/dev/null)\" = mpath-" + WWID_A + " ];"
                + " then dmsetup rename test_block_a lvmops_rogue && dmsetup rename test_block_b test_block_a;"
                + " udevadm settle; echo swapped > /run/rogue.done; exit 0; fi; sleep 0.1; done'"
                + " >/run/rogue.log 2>&1 </dev/null &");
        Lab.Result apply = lvmops(lab, "apply", "--auto-approve", spec.toString());
        assertThat(lab.sshOk("node2", "cat /run/rogue.done 2>/dev/null || echo not-run").trim())
                .as("the rogue swapped node2's names during the apply").isEqualTo("swapped");
        assertThat(apply.exitCode()).as("the apply refuses: %s%s", apply.stdout(), apply.stderr()).isNotZero();
        assertThat(apply.stdout() + apply.stderr()).contains("node1 sees WWID " + WWID_A)
                .contains("node2 sees WWID " + WWID_B);
        for (String node : lab.nodeNames()) {
            assertThat(lab.sshOk(node, "lvm pvs --noheadings -o pv_name").trim()).as("no PV on %s", node).isEmpty();
        }
        lab.sshOk("node1", "blkid -p /dev/mapper/test_block_a; [ $? -eq 2 ]");
        // the names back as multipath.conf has them
        lab.sshOk("node2", "dmsetup rename test_block_a test_block_b && dmsetup rename lvmops_rogue test_block_a"
                + " && udevadm settle");
    }

    @Test
    @Order(1)
    void s1_anotherLunUnderTheSameAlias_planBlocksApplyWritesNothingStatusNamesIt(Lab lab) throws Exception {
        String storage = Files.readString(lab.repositoryRoot().resolve("examples/two-nodes/storage.yaml"));
        spec = lab.specDirectory(tmp.resolve("spec"), Map.of("storage.yaml", storage));
        loginEverywhere(lab);
        aliasesOnNode2(lab, true);

        Lab.Result plan = lvmops(lab, "plan", spec.toString());
        assertThat(plan.stdout() + plan.stderr()).contains("node1 sees WWID " + WWID_A)
                .contains("node2 sees WWID " + WWID_B).doesNotContain("pvcreate").doesNotContain("vgcreate");

        Lab.Result apply = lvmops(lab, "apply", "--auto-approve", spec.toString());
        assertThat(apply.exitCode()).as("apply refuses").isNotZero();
        assertBlankEverywhere(lab);

        Lab.Result status = lvmops(lab, "status", spec.toString());
        assertThat(status.exitCode()).isNotZero();
        assertThat(status.stdout()).contains("device test_block_a").contains("node1 sees WWID " + WWID_A)
                .contains("node2 sees WWID " + WWID_B);
    }

    @Test
    @Order(2)
    void s2_anotherVgNamedVg0OnNode2_activationIsBlocked(Lab lab) throws Exception {
        aliasesOnNode2(lab, false);
        // vg0 on LUN a (node1's and now node2's test_block_a), then another vg0 on LUN b, made on node1 with LVM
        // looking at LUN b only (LVM refuses a second VG of a name it sees)
        lab.sshOk("node1", "lvm vgcreate -q vg0 /dev/mapper/test_block_a && lvm vgcreate -q"
                + " --devices /dev/mapper/test_block_b vg0 /dev/mapper/test_block_b");
        aliasesOnNode2(lab, true);

        Lab.Result plan = lvmops(lab, "plan", spec.toString());
        String out = plan.stdout() + plan.stderr();
        assertThat(out).contains("VG UUID").contains("node1 sees").contains("node2 sees")
                .doesNotContain("lvcreate").doesNotContain("lvchange").doesNotContain("mount ");
        Lab.Result status = lvmops(lab, "status", spec.toString());
        assertThat(status.exitCode()).isNotZero();
        assertThat(status.stdout()).contains("VG UUID");
        assertThat(lab.sshOk("node1", "lvm lvs --noheadings -o lv_name").trim()).as("no LV made").isEmpty();
    }
}
