package io.lvmops.plan.guard;

import io.lvmops.lab.Lab;
import io.lvmops.lab.LabExtension;
import io.lvmops.lab.LabSize;
import io.lvmops.model.Spec;
import io.lvmops.plan.Plan;
import io.lvmops.plan.PlanOptions;
import io.lvmops.plan.step.Activate;
import io.lvmops.plan.step.Deactivate;
import io.lvmops.plan.step.LvTags;
import io.lvmops.plan.step.LvmConfigWrite;
import io.lvmops.plan.step.Step;
import io.lvmops.plan.step.VerifyInactive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * guard: tags on the real lab (two QEMU nodes, two shared tgtd LUNs): vg0 is tag-guarded, vg1 is {@code guard: none}
 * as the control. lvmops writes its block into each node's lvmlocal.conf; afterwards LVM itself refuses, with lvmops
 * not running: a manual {@code lvchange -ay} on the non-owner, an iSCSI re-login and a reboot activate nothing there,
 * while the same manual activation of the unguarded vg1 succeeds (the double activation of the 2016 write-up). A
 * handover keeps every byte and leaves the old owner unable to activate.
 *
 * <p>LVM's own answer to a filtered activation is exit code 0 with "Not activating VG/LV since it does not pass
 * activation filter." (shown with -v): the test asserts exactly that and that no device-mapper mapping appeared.
 */
@Tag("lab")
@EnabledIf(value = "io.lvmops.lab.Lab#available", disabledReason = "lab/lab is absent from this checkout")
@ExtendWith(LabExtension.class)
@LabSize(nodes = 2, luns = 2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuardTagsLabTest {
    private static final String FILTERED = "Not activating vg0/lv01 since it does not pass activation filter.";
    private static final PlanOptions FORCE_HANDOVER = new PlanOptions(false, Set.of(), true);

    @TempDir
    static Path dir;
    static final LabConverge lvmops = new LabConverge();
    static String node2LvmlocalBefore;
    static String lv01FileSha;
    static String lv02DeviceSha;

    static Spec spec(Lab lab, String owner, String name) throws IOException {
        return lvmops.load(lab.specDirectory(dir.resolve(name), Map.of("storage.yaml", """
                apiVersion: lvmops/v1
                volumeGroups:
                  - {name: vg0, devices: [test_block_a]}
                  - {name: vg1, devices: [test_block_b], guard: none}
                logicalVolumes:
                  - {name: lv01, vg: vg0, size: 256M, owner: OWNER, filesystem: {type: ext4, mountPoint: /mnt/lv01}}
                  - {name: lv02, vg: vg0, size: 64M, owner: OWNER}
                  - {name: lv11, vg: vg1, size: 64M, owner: node1}
                """.replace("OWNER", owner))));
    }

    @Test
    @Order(1)
    void applyWritesTheGuardBlockFirstAndKeepsTheRestOfTheFile(Lab lab) throws IOException {
        node2LvmlocalBefore = lab.sshOk("node2", "cat /etc/lvm/lvmlocal.conf");
        Spec spec = spec(lab, "node1", "s1");
        Plan plan = lvmops.apply(spec, PlanOptions.DEFAULT);
        assertThat(plan.steps().subList(0, 2)).allMatch(s -> s instanceof LvmConfigWrite);
        assertThat(plan.steps().get(1).details())
                .contains("+\tvolume_list = [ \"vg1\", \"@lvmops_owner_node2\" ]");

        String after = lab.sshOk("node2", "cat /etc/lvm/lvmlocal.conf");
        assertThat(after).startsWith(node2LvmlocalBefore);
        assertThat(lab.sshOk("node2", "lvmconfig activation/volume_list").strip())
                .isEqualTo("volume_list=[\"vg1\",\"@lvmops_owner_node2\"]");
        assertThat(lvmops.plan(spec, PlanOptions.DEFAULT).steps()).as("re-plan after apply").isEmpty();
        assertThat(active(lab, "node1", "vg0/lv01")).isTrue();
    }

    @Test
    @Order(2)
    void scenario1_manualActivationOnTheNonOwnerActivatesNothing(Lab lab) throws IOException {
        Lab.Result r = lab.ssh("node2", "lvm lvchange -ay -v vg0/lv01");
        System.out.printf("[guard-lab] node2: lvchange -ay -v vg0/lv01 -> exit %d, stderr:%n%s%n", r.exitCode(),
                r.stderr().strip());
        assertThat(r.exitCode()).as("LVM's exit code for a filtered activation").isZero();
        assertThat(r.stdout() + r.stderr()).contains(FILTERED);
        Lab.Result vg = lab.ssh("node2", "lvm vgchange -ay vg0");
        assertThat(vg.stdout()).contains("0 logical volume(s) in volume group \"vg0\" now active");
        assertInactive(lab, "node2", "vg0/lv01");
        assertInactive(lab, "node2", "vg0/lv02");
        assertThat(active(lab, "node1", "vg0/lv01")).as("the owner keeps it").isTrue();
    }

    @Test
    @Order(3)
    void scenario5_withGuardNoneTheSameManualActivationSucceeds(Lab lab) throws IOException {
        Lab.Result r = lab.ssh("node2", "lvm lvchange -ay vg1/lv11");
        assertThat(r.exitCode()).isZero();
        boolean both = active(lab, "node1", "vg1/lv11") && active(lab, "node2", "vg1/lv11");
        System.out.println("[guard-lab] guard: none: vg1/lv11 active on node1 AND node2 after a manual lvchange -ay: "
                + both);
        assertThat(both).as("without the guard, LVM lets the non-owner activate (two writers)").isTrue();
        lab.sshOk("node2", "lvm lvchange -an vg1/lv11");
    }

    @Test
    @Order(4)
    void scenario2_reloginAndRebootActivateNothingOnTheNonOwner(Lab lab) throws IOException {
        long t0 = System.nanoTime();
        lab.sshOk("node2", "iscsiadm -m node --logoutall=all && iscsiadm -m node --loginall=automatic"
                + " && timeout 60 sh -c 'until [ -b /dev/mapper/test_block_a ] && [ -b /dev/mapper/test_block_b ];"
                + " do sleep 0.2; done' && udevadm settle");
        assertInactive(lab, "node2", "vg0/lv01");
        assertInactive(lab, "node2", "vg0/lv02");
        System.out.printf("[guard-lab] node2 logout+login: still inactive (%.1f s)%n", (System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        lab.reboot("node2");
        lab.sshOk("node2", "timeout 60 sh -c 'until [ -b /dev/mapper/test_block_a ]; do sleep 0.2; done'"
                + " && udevadm settle");
        assertThat(lab.sshOk("node2", "iscsiadm -m session")).contains("iqn.2016-11.com.test:block-a");
        assertInactive(lab, "node2", "vg0/lv01");
        assertInactive(lab, "node2", "vg0/lv02");
        System.out.printf("[guard-lab] node2 reboot: logged in again, still inactive (%.1f s)%n",
                (System.nanoTime() - t0) / 1e9);
    }

    @Test
    @Order(5)
    void scenario3_handoverKeepsEveryByteAndTheOldOwnerCannotActivate(Lab lab) throws IOException {
        lv01FileSha = lab.sshOk("node1", "dd if=/dev/urandom of=/mnt/lv01/data bs=1M count=16 status=none && sync"
                + " && sha256sum /mnt/lv01/data | cut -c1-64").strip();
        lv02DeviceSha = lab.sshOk("node1", "dd if=/dev/urandom of=/dev/vg0/lv02 bs=1M count=64 oflag=direct"
                + " status=none && sha256sum /dev/vg0/lv02 | cut -c1-64").strip();
        Plan plan = lvmops.apply(spec(lab, "node2", "s2"), FORCE_HANDOVER);
        List<Step> steps = plan.steps();
        int deactivate = indexOf(steps, s -> s instanceof Deactivate d && d.lv().equals("lv01"));
        int verify = indexOf(steps, s -> s instanceof VerifyInactive v && v.lv().equals("lv01"));
        int tag = indexOf(steps, s -> s instanceof LvTags t && t.lv().equals("lv01"));
        int activate = indexOf(steps, s -> s instanceof Activate a && a.lv().equals("lv01"));
        assertThat(List.of(deactivate, verify, tag, activate)).as("deactivate, verify, move tag, activate")
                .isSorted().doesNotContain(-1);

        assertThat(lab.sshOk("node2", "sha256sum /mnt/lv01/data | cut -c1-64").strip()).isEqualTo(lv01FileSha);
        assertThat(lab.sshOk("node2", "sha256sum /dev/vg0/lv02 | cut -c1-64").strip()).isEqualTo(lv02DeviceSha);
        assertThat(lab.sshOk("node2", "lvs --noheadings -o lv_tags vg0/lv01").strip()).isEqualTo("lvmops_owner_node2");

        Lab.Result r = lab.ssh("node1", "lvm lvchange -ay -v vg0/lv01");
        assertThat(r.stdout() + r.stderr()).contains(FILTERED);
        assertInactive(lab, "node1", "vg0/lv01");
        assertInactive(lab, "node1", "vg0/lv02");
        assertThat(active(lab, "node2", "vg0/lv01")).isTrue();
    }

    private static int indexOf(List<Step> steps, java.util.function.Predicate<Step> p) {
        for (int i = 0; i < steps.size(); i++) {
            if (p.test(steps.get(i))) {
                return i;
            }
        }
        return -1;
    }

    static boolean active(Lab lab, String node, String lv) throws IOException {
        return lab.sshOk(node, "lvs --noheadings -o lv_active " + lv).strip().equals("active");
    }

    /** LVM says inactive and device-mapper has no mapping for it. */
    static void assertInactive(Lab lab, String node, String lv) throws IOException {
        assertThat(lab.sshOk(node, "lvs --noheadings -o lv_active " + lv).strip()).as(lv + " on " + node).isEmpty();
        String dmName = lv.replace("-", "--").replace('/', '-');
        assertThat(lab.sshOk(node, "dmsetup ls").lines().map(l -> l.split("\\s+")[0]))
                .as("device-mapper on " + node).doesNotContain(dmName);
    }
}
