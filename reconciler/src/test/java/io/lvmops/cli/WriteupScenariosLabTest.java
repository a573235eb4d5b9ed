package io.lvmops.cli;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 2016 write-up ({@code shared/seed/lvm-on-iscsi-2016.txt}) replayed on real nodes: two QEMU guests with real
 * LVM, udev and open-iscsi sharing one tgtd LUN, driven by lvmops as separate processes over real SSH. Every
 * scenario asserts on what the nodes themselves say (lvs, findmnt, iscsiadm, sha256sum over SSH) as well as on
 * lvmops' output. The scenarios run in order on one lab: each starts from the state the previous one left.
 */
@Tag("lab")
@EnabledIf(value = "io.lvmops.lab.Lab#available", disabledReason = "lab/lab is absent from this checkout")
@ExtendWith({LabExtension.class, ScenarioClock.class})
@LabSize(nodes = 2, luns = 1, lunSize = "4G")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WriteupScenariosLabTest {
    private static final Duration CLI_TIMEOUT = Duration.ofMinutes(5);
    private static final String LV = "vg0/lv01";
    private static final String MNT = "/mnt/t_lv01";

    @TempDir
    static Path tmp;
    static Path spec;

    /** The spec directory: the lab's nodes.yaml beside examples/two-nodes/storage.yaml, owner and size edited. */
    private static Path writeSpec(Lab lab, String owner, String size) throws IOException {
        String storage = Files.readString(lab.repositoryRoot().resolve("examples/two-nodes/storage.yaml"))
                .replaceFirst("owner: node1\\b", "owner: " + owner)
                .replaceFirst("size: 1G\\b", "size: " + size)
                // The write-up's LVM, unguarded: autoactivation at login and a rogue `lvchange -ay` really happen,
                // and lvmops' reconciling is what is tested. With guard: tags LVM itself refuses both
                // (GuardTagsLabTest).
                .replaceFirst("guard: tags\\b", "guard: none");
        assertThat(storage).contains("owner: " + owner).contains("size: " + size).contains("guard: none");
        spec = lab.specDirectory(tmp.resolve("spec"), Map.of("storage.yaml", storage));
        return spec;
    }

    private static Lab.Result lvmops(Lab lab, String... args) throws IOException {
        return lab.lvmopsLogged(CLI_TIMEOUT, args);
    }

    private static Lab.Result applyOk(Lab lab, String... extra) throws IOException {
        String[] args = concat(new String[] {"apply", "--auto-approve", spec.toString()}, extra);
        Lab.Result r = lvmops(lab, args);
        assertThat(r.exitCode()).as("apply output:\n%s%s", r.stdout(), r.stderr()).isZero();
        return r;
    }

    private static void assertNoChanges(Lab lab) throws IOException {
        Lab.Result r = lvmops(lab, "plan", "--detailed-exitcode", spec.toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains("No changes.");
    }

    // ---- what the nodes say (never lvmops' own view)

    /** lv_active as the node's own LVM reports it: "active" or "". */
    private static String lvActive(Lab lab, String node) throws IOException {
        return lab.sshOk(node, "lvm lvs --noheadings -o lv_active " + LV).trim();
    }

    private static String mountedAt(Lab lab, String node) throws IOException {
        return lab.ssh(node, "findmnt -n -o SOURCE,FSTYPE " + MNT).stdout().trim();
    }

    private static void assertOnlyOwnerHasIt(Lab lab, String owner, String other) throws IOException {
        assertThat(lvActive(lab, owner)).as("%s active on its owner %s", LV, owner).isEqualTo("active");
        assertThat(mountedAt(lab, owner)).as("mounted on %s", owner).contains("ext4");
        assertThat(lvActive(lab, other)).as("%s inactive on %s", LV, other).isEmpty();
        assertThat(mountedAt(lab, other)).as("not mounted on %s", other).isEmpty();
    }

    private static String checksum(Lab lab, String node) throws IOException {
        return lab.sshOk(node, "sha256sum " + MNT + "/1.log | cut -d' ' -f1").trim();
    }

    private static void relogin(Lab lab, String node) throws IOException {
        lab.sshOk(node, "iscsiadm -m node --logoutall=all >/dev/null; iscsiadm -m node --loginall=automatic"
                + " >/dev/null && for i in $(seq 60); do [ -e /dev/mapper/test_block_a ] && break; sleep 1; done;"
                + " udevadm settle; sleep 3; [ -e /dev/mapper/test_block_a ]");
    }

    @Test
    @Order(1)
    void s1_createFromBlank(Lab lab) throws Exception {
        writeSpec(lab, "node1", "1G");
        for (String node : lab.nodeNames()) {
            assertThat(lab.ssh(node, "iscsiadm -m session").exitCode()).as("%s starts logged out", node).isNotZero();
        }
        assertThat(lvmops(lab, "validate", spec.toString()).exitCode()).isZero();

        Lab.Result plan = lvmops(lab, "plan", "--detailed-exitcode", spec.toString());
        assertThat(plan.exitCode()).as(plan.stderr()).isEqualTo(ExitCode.CHANGES);
        assertThat(plan.stdout()).contains("pvcreate").contains("vgcreate").contains("lvcreate").contains("mkfs.ext4")
                .containsPattern("Plan: \\d+ to add, \\d+ to change, 0 to destroy, 0 blocked\\.")
                // nobody had seen the LUN: both nodes' views are compared on the nodes before the first write
                .contains("(re-observe node1, node2) verify every node sees the same blank disk at "
                        + "/dev/mapper/test_block_a");

        applyOk(lab);

        for (String node : lab.nodeNames()) {
            assertThat(lab.sshOk(node, "iscsiadm -m session")).as("%s logged in", node)
                    .contains("iqn.2016-11.com.test:block-a");
            assertThat(lab.sshOk(node, "lvm vgs --noheadings -o vg_name vg0").trim()).isEqualTo("vg0");
        }
        assertOnlyOwnerHasIt(lab, "node1", "node2");
        assertThat(lab.sshOk("node1", "lvm lvs --noheadings --units b --nosuffix -o lv_size " + LV).trim())
                .isEqualTo(Long.toString(1L << 30));
        assertNoChanges(lab);
    }

    @Test
    @Order(2)
    void s2_handoverKeepsTheData(Lab lab) throws Exception {
        // The write-up's log line, 1000 times (date and hostname read once: a fork per line is slow under emulation).
        lab.sshOk("node1", "d=$(date); h=$(hostname); for i in $(seq 1 1000); do echo \"[$d] : $h : [access] : $i\";"
                + " done >" + MNT + "/1.log && sync");
        String before = checksum(lab, "node1");
        assertThat(lab.sshOk("node1", "wc -l < " + MNT + "/1.log").trim()).isEqualTo("1000");

        writeSpec(lab, "node2", "1G");
        Lab.Result apply = applyOk(lab);

        assertThat(apply.stdout()).contains("umount").contains("-an").contains("-ay");
        assertOnlyOwnerHasIt(lab, "node2", "node1");
        assertThat(checksum(lab, "node2")).isEqualTo(before);
        assertNoChanges(lab);
    }

    @Test
    @Order(3)
    void s3_autoactivationAtLoginIsUndoneAndStaysUndone(Lab lab) throws Exception {
        // A VG made by hand, as in 2016, autoactivates: turn that back on, then let node1 log in again.
        lab.sshOk("node2", "lvm vgchange --setautoactivation y vg0 && lvm lvchange --setautoactivation y " + LV);
        relogin(lab, "node1");
        lab.sshOk("node1", "for i in $(seq 30); do [ -e /dev/vg0/lv01 ] && exit 0; sleep 1; done; exit 1");
        assertThat(lvActive(lab, "node1")).as("udev autoactivated lv01 on node1 at login").isEqualTo("active");
        assertThat(lvActive(lab, "node2")).isEqualTo("active");

        Lab.Result status = lvmops(lab, "status", spec.toString());
        assertThat(status.exitCode()).isEqualTo(ExitCode.ERROR);
        assertThat(status.stdout()).contains("vg0/lv01 is active on 2 nodes");

        applyOk(lab);
        assertOnlyOwnerHasIt(lab, "node2", "node1");

        relogin(lab, "node1");
        assertThat(lvActive(lab, "node1")).as("a new login does not reactivate lv01 on node1").isEmpty();
        lab.reboot("node1");
        lab.sshOk("node1", "for i in $(seq 60); do [ -e /dev/mapper/test_block_a ] && break; sleep 1; done;"
                + " udevadm settle; sleep 3; [ -e /dev/mapper/test_block_a ]");
        assertThat(lvActive(lab, "node1")).as("a reboot does not reactivate lv01 on node1").isEmpty();
        assertOnlyOwnerHasIt(lab, "node2", "node1");
        assertNoChanges(lab);
    }

    @Test
    @Order(4)
    void s4_rogueActivationIsCorrectedButARogueMountBlocks(Lab lab) throws Exception {
        lab.sshOk("node1", "lvm lvchange -ay " + LV);
        assertThat(lvActive(lab, "node1")).isEqualTo("active");

        Lab.Result plan = lvmops(lab, "plan", "--detailed-exitcode", spec.toString());
        assertThat(plan.exitCode()).isEqualTo(ExitCode.CHANGES);
        assertThat(plan.stdout()).contains("active on node1, which is not its owner");
        applyOk(lab);
        assertOnlyOwnerHasIt(lab, "node2", "node1");

        // Case 3 of the write-up: the rogue node also mounts it. That is corruption in progress: block, never force.
        lab.sshOk("node1", "lvm lvchange -ay " + LV + " && mkdir -p /mnt/rogue && mount /dev/vg0/lv01 /mnt/rogue");
        Lab.Result blocked = lvmops(lab, "plan", "--detailed-exitcode", spec.toString());
        assertThat(blocked.exitCode()).isNotIn(ExitCode.OK, ExitCode.CHANGES);
        assertThat(blocked.stdout().toLowerCase()).contains("critical").contains("node1");
        Lab.Result apply = lvmops(lab, "apply", "--auto-approve", spec.toString());
        assertThat(apply.exitCode()).isNotZero();
        assertThat(lvActive(lab, "node1")).as("lvmops did not deactivate under a mount").isEqualTo("active");
        assertThat(lab.sshOk("node1", "findmnt -n -o TARGET /mnt/rogue").trim()).isEqualTo("/mnt/rogue");

        lab.sshOk("node1", "umount /mnt/rogue && lvm lvchange -an " + LV);
        assertNoChanges(lab);
    }

    @Test
    @Order(5)
    void s5_unreachableNodeWithholdsActivationUntilFenced(Lab lab) throws Exception {
        String before = checksum(lab, "node2");
        lab.stop("node2"); // the owner dies with lv01 active and mounted
        writeSpec(lab, "node1", "1G");

        Lab.Result plan = lvmops(lab, "plan", "--detailed-exitcode", "--connect-timeout", "5s", spec.toString());
        assertThat(plan.exitCode()).isNotIn(ExitCode.OK, ExitCode.CHANGES);
        assertThat(plan.stdout() + plan.stderr()).contains("node2").containsIgnoringCase("unreachable");
        Lab.Result refused = lvmops(lab, "apply", "--auto-approve", "--connect-timeout", "5s", spec.toString());
        assertThat(refused.exitCode()).isNotZero();
        assertThat(lvActive(lab, "node1")).as("activation withheld while node2 may hold it").isEmpty();

        applyOk(lab, "--assume-fenced", "node2", "--connect-timeout", "5s");
        assertThat(lvActive(lab, "node1")).isEqualTo("active");
        assertThat(mountedAt(lab, "node1")).contains("ext4");
        assertThat(checksum(lab, "node1")).isEqualTo(before);

        lab.start("node2"); // it logs in again at boot; autoactivation is off, so lv01 stays off there
        lab.sshOk("node2", "for i in $(seq 60); do [ -e /dev/mapper/test_block_a ] && break; sleep 1; done;"
                + " udevadm settle; sleep 3; [ -e /dev/mapper/test_block_a ]");
        assertOnlyOwnerHasIt(lab, "node1", "node2");
        assertNoChanges(lab);
    }

    private static long dfBytes(Lab lab, String node) throws IOException {
        return Long.parseLong(lab.sshOk(node, "df -B1 --output=size " + MNT + " | tail -1").trim());
    }

    /** The filesystem's own size: block count × block size from its superblock. */
    private static long ext4Bytes(Lab lab, String node) throws IOException {
        String[] f = lab.sshOk(node, "dumpe2fs -h /dev/vg0/lv01 2>/dev/null | sed -n 's/^Block count: *//p;"
                + " s/^Block size: *//p'").trim().split("\\s+");
        return Long.parseLong(f[0]) * Long.parseLong(f[1]);
    }

    @Test
    @Order(6)
    void s6_growStoppedAfterLvextendIsFinished(Lab lab) throws Exception {
        // Issue 4: an apply that stops (or is killed) between lvextend and the filesystem grow must converge when
        // run again. Leave exactly that state: the LV extended by hand, no -r, the filesystem still 1G.
        lab.sshOk("node1", "lvm lvextend -L 2G " + LV);
        assertThat(ext4Bytes(lab, "node1")).isEqualTo(1L << 30);
        writeSpec(lab, "node1", "2G");

        Lab.Result plan = lvmops(lab, "plan", "--detailed-exitcode", spec.toString());
        assertThat(plan.exitCode()).as(plan.stderr()).isEqualTo(ExitCode.CHANGES);
        assertThat(plan.stdout()).contains("resize2fs /dev/vg0/lv01").doesNotContain("lvm lvextend")
                .contains("filesystem on vg0/lv01 is 1.0G, the LV is 2.0G (an earlier apply stopped after lvextend)")
                .contains("Plan: 0 to add, 1 to change, 0 to destroy, 0 blocked.");

        Lab.Result apply = applyOk(lab);
        assertThat(apply.stdout()).contains("resize2fs").doesNotContain("lvm lvextend");
        assertThat(ext4Bytes(lab, "node1")).as("the superblock on node1").isEqualTo(2L << 30);
        assertThat(dfBytes(lab, "node1")).as("df -B1 on node1 shows the grown filesystem").isGreaterThan(1900L << 20);
        assertOnlyOwnerHasIt(lab, "node1", "node2");
        assertNoChanges(lab);
    }

    @Test
    @Order(7)
    void s7_growOnline(Lab lab) throws Exception {
        writeSpec(lab, "node1", "3G");
        Lab.Result apply = applyOk(lab);
        assertThat(apply.stdout()).contains("lvextend").contains("resize2fs");

        assertThat(lab.sshOk("node1", "lvm lvs --noheadings --units b --nosuffix -o lv_size " + LV).trim())
                .isEqualTo(Long.toString(3L << 30));
        assertThat(dfBytes(lab, "node1")).as("df on the owner shows the grown filesystem").isGreaterThan(2900L << 20);
        assertOnlyOwnerHasIt(lab, "node1", "node2");
        assertNoChanges(lab);
    }

    @Test
    @Order(8)
    void s8_concurrentAppliesSerialise(Lab lab) throws Exception {
        writeSpec(lab, "node2", "3G");
        List<Path> outs = List.of(tmp.resolve("a.out"), tmp.resolve("b.out"));
        List<Path> errs = List.of(tmp.resolve("a.err"), tmp.resolve("b.err"));
        Process a = lab.startLvmops(outs.get(0), errs.get(0), "apply", "--auto-approve", spec.toString());
        Process b = lab.startLvmops(outs.get(1), errs.get(1), "apply", "--auto-approve", "--lock-timeout", "2s",
                spec.toString());
        assertThat(a.waitFor(CLI_TIMEOUT.toMinutes(), TimeUnit.MINUTES)).isTrue();
        assertThat(b.waitFor(CLI_TIMEOUT.toMinutes(), TimeUnit.MINUTES)).isTrue();
        String outA = Files.readString(outs.get(0)) + Files.readString(errs.get(0));
        String outB = Files.readString(outs.get(1)) + Files.readString(errs.get(1));
        System.out.println("--- apply A (exit " + a.exitValue() + ")\n" + outA);
        System.out.println("--- apply B (exit " + b.exitValue() + ", --lock-timeout 2s)\n" + outB);

        // Exactly one of them changed the nodes. The other either waited and found nothing left to do, or gave up
        // after its lock timeout naming the holder.
        boolean aChanged = outA.contains("Apply complete!") && !outA.contains("No changes.");
        boolean bChanged = outB.contains("Apply complete!") && !outB.contains("No changes.");
        assertThat(aChanged ^ bChanged).as("exactly one apply made the changes").isTrue();
        String loser = aChanged ? outB : outA;
        int loserExit = aChanged ? b.exitValue() : a.exitValue();
        if (loserExit == 0) {
            assertThat(loser).contains("No changes.");
        } else {
            assertThat(loser).containsIgnoringCase("lock").containsIgnoringCase("held by");
        }
        assertOnlyOwnerHasIt(lab, "node2", "node1");
        assertNoChanges(lab);
    }

    @Test
    @Order(9)
    void s9_badSpecChangesNothing(Lab lab) throws Exception {
        String probe = "lvm lvs --noheadings -o vg_name,lv_name,lv_attr,lv_size,lv_tags 2>&1; findmnt -n -o "
                + "SOURCE,TARGET " + MNT + "; iscsiadm -m session";
        Map<String, String> before = Map.of("node1", lab.sshOk("node1", probe), "node2", lab.sshOk("node2", probe));

        Path bad = tmp.resolve("bad");
        String storage = Files.readString(spec.resolve("storage.yaml"))
                .replace("owner: node2", "owner: node1\n    mountpoint: /mnt/elsewhere")
                .replace("size: 3G", "size: 3GB");
        lab.specDirectory(bad, Map.of("storage.yaml", storage));
        for (String command : List.of("validate", "plan", "apply")) {
            Lab.Result r = command.equals("apply")
                    ? lvmops(lab, "apply", "--auto-approve", bad.toString())
                    : lvmops(lab, command, bad.toString());
            assertThat(r.exitCode()).as(command).isEqualTo(ExitCode.INVALID);
            assertThat(r.stderr()).contains("storage.yaml:").contains("mountpoint").contains("3GB")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(Map.of("node1", lab.sshOk("node1", probe), "node2", lab.sshOk("node2", probe)))
                .isEqualTo(before);
    }

    /** What a dry run must leave exactly as it was, per node, as the node itself reports it. */
    private static final String READ_ONLY_PROBE = "for vg in $(lvm vgs --noheadings -o vg_name); do"
            + " lvm vgs --noheadings -o vg_name,vg_seqno $vg; done; lvm lvs --noheadings -o vg_name,lv_name,lv_active,"
            + "lv_tags,lv_size; sha256sum /etc/lvm/lvmlocal.conf; iscsiadm -m node; iscsiadm -m session; dmsetup ls;"
            + " dmsetup table; findmnt -rn -o SOURCE,TARGET,FSTYPE,OPTIONS";

    private static Map<String, String> readOnlyState(Lab lab) throws IOException {
        Map<String, String> state = new java.util.TreeMap<>();
        for (String node : lab.nodeNames()) {
            state.put(node, lab.sshOk(node, READ_ONLY_PROBE));
        }
        return state;
    }

    /** The spec of s9 plus more storage lines (an lv02, say) appended to logicalVolumes. */
    private static Path writeSpecWith(Lab lab, String owner, String size, String moreLvs) throws IOException {
        writeSpec(lab, owner, size);
        Files.writeString(spec.resolve("storage.yaml"), Files.readString(spec.resolve("storage.yaml")) + moreLvs);
        return spec;
    }

    private static String lv02(String size) {
        return "  - name: lv02\n    vg: vg0\n    size: " + size + "\n    owner: node1\n    filesystem:\n"
                + "      type: xfs\n      mountPoint: /mnt/t_lv02\n";
    }

    @Test
    @Order(10)
    void s10_dryRunsAreReadOnly(Lab lab) throws Exception {
        // pending changes, so that plan and diff have something to show (lv01 grows, lv02 is new)
        writeSpecWith(lab, "node2", "3328M", lv02("320M"));
        Path other = lab.specDirectory(tmp.resolve("other"), Map.of("storage.yaml",
                Files.readString(spec.resolve("storage.yaml")).replace("size: 320M", "size: 400M")));
        Map<String, String> before = readOnlyState(lab);
        Lab.Result plan = lvmops(lab, "plan", "--detailed-exitcode", spec.toString());
        assertThat(plan.exitCode()).as(plan.stdout() + plan.stderr()).isEqualTo(ExitCode.CHANGES);
        assertThat(plan.stdout()).contains("lvextend").contains("mkfs.xfs");
        lvmops(lab, "status", spec.toString());
        assertThat(lvmops(lab, "observe", spec.toString()).exitCode()).isZero();
        assertThat(lvmops(lab, "diff", spec.toString(), other.toString()).exitCode()).isNotNegative();
        assertThat(readOnlyState(lab)).as("plan, status, observe and diff changed nothing on any node")
                .isEqualTo(before);
    }

    @Test
    @Order(11)
    void s11_extendOnTheMetadataNodeRefreshesAndGrowsOnTheOwner(Lab lab) throws Exception {
        // node1 is vg0's metadata node (first in the spec); lv01 is owned, active and mounted on node2
        writeSpec(lab, "node2", "3328M");
        Lab.Result apply = applyOk(lab);
        assertThat(apply.stdout()).containsPattern("node1 \\S+ lvm lvextend")
                .containsPattern("node2 \\S+ lvm lvchange .*--refresh vg0/lv01")
                .containsPattern("node2 \\S+ resize2fs");
        assertThat(lab.sshOk("node2", "blockdev --getsize64 /dev/vg0/lv01").trim())
                .as("node2's table maps the new size").isEqualTo(Long.toString(3328L << 20));
        assertThat(dfBytes(lab, "node2")).as("df on the owner shows the grown filesystem")
                .isGreaterThan(3200L << 20);
        assertOnlyOwnerHasIt(lab, "node2", "node1");
        assertNoChanges(lab);
    }

    @Test
    @Order(12)
    void s12_xfsFromASavedPlan_thenGrownOnline_aStalePlanRefused(Lab lab) throws Exception {
        writeSpecWith(lab, "node2", "3328M", lv02("320M"));
        Path saved = tmp.resolve("lv02.plan.json");
        Lab.Result plan = lvmops(lab, "plan", spec.toString(), "--out", saved.toString());
        assertThat(plan.exitCode()).as(plan.stderr()).isZero();
        Lab.Result apply = lvmops(lab, "apply", saved.toString());
        assertThat(apply.exitCode()).as("the saved plan applies: %s%s", apply.stdout(), apply.stderr()).isZero();
        assertThat(apply.stdout()).contains("mkfs.xfs");
        assertThat(lab.sshOk("node1", "findmnt -n -o FSTYPE /mnt/t_lv02").trim()).isEqualTo("xfs");
        assertThat(lab.sshOk("node2", "lvm lvs --noheadings -o lv_active vg0/lv02").trim()).isEmpty();

        writeSpecWith(lab, "node2", "3328M", lv02("400M"));
        Lab.Result grow = applyOk(lab);
        assertThat(grow.stdout()).contains("lvextend").contains("xfs_growfs");
        // the filesystem's own data size (df leaves out xfs's internal log, 64 MiB here)
        String[] xfs = lab.sshOk("node1", "xfs_info /mnt/t_lv02 | sed -n 's/^data *= *bsize=\\([0-9]*\\) *blocks="
                + "\\([0-9]*\\).*/\\1 \\2/p'").trim().split(" ");
        assertThat(Long.parseLong(xfs[0]) * Long.parseLong(xfs[1])).as("xfs grown online on node1 to fill its LV")
                .isEqualTo(400L << 20);
        assertNoChanges(lab);

        // a saved plan made before a node changed is refused, and runs nothing
        writeSpecWith(lab, "node2", "3328M", lv02("480M"));
        Path stale = tmp.resolve("stale.plan.json");
        assertThat(lvmops(lab, "plan", spec.toString(), "--out", stale.toString()).exitCode()).isZero();
        lab.sshOk("node1", "lvm lvchange --addtag someone_was_here vg0/lv02");
        Map<String, String> before = readOnlyState(lab);
        Lab.Result refused = lvmops(lab, "apply", stale.toString());
        assertThat(refused.exitCode()).as("a stale plan is refused").isEqualTo(1);
        assertThat(refused.stdout() + refused.stderr()).containsIgnoringCase("changed since");
        assertThat(readOnlyState(lab)).as("the refused plan ran nothing").isEqualTo(before);
        lab.sshOk("node1", "lvm lvchange --deltag someone_was_here vg0/lv02");
    }

    @Test
    @Order(13)
    void s13_removalNeedsStateAbsentAndTheFlag(Lab lab) throws Exception {
        writeSpecWith(lab, "node2", "3328M", lv02("400M") + "    state: absent\n");
        String lv02Exists = "lvm lvs --noheadings -o lv_name vg0/lv02";

        Lab.Result without = lvmops(lab, "apply", "--auto-approve", spec.toString());
        assertThat(without.exitCode()).as("refused without --allow-destroy: %s", without.stdout())
                .isNotZero();
        assertThat(without.stdout() + without.stderr()).contains("--allow-destroy").doesNotContain("lvm lvremove");
        assertThat(lab.sshOk("node1", lv02Exists).trim()).as("lv02 still there").isEqualTo("lv02");
        assertThat(lab.sshOk("node1", "findmnt -n -o FSTYPE /mnt/t_lv02").trim()).as("still mounted").isEqualTo("xfs");

        Lab.Result with = applyOk(lab, "--allow-destroy");
        assertThat(with.stdout()).contains("umount").contains("lvm lvremove");
        for (String node : lab.nodeNames()) {
            assertThat(lab.ssh(node, lv02Exists).exitCode()).as("lv02 gone, as %s's LVM sees it", node).isNotZero();
        }
        assertThat(lab.ssh("node1", "findmnt -n /mnt/t_lv02").stdout()).as("unmounted").isEmpty();
        assertOnlyOwnerHasIt(lab, "node2", "node1");
        assertNoChanges(lab);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
