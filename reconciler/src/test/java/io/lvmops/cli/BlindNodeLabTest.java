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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue "never two writers", part 1, on real nodes: node1 owns vg0/lv01, has it mounted and writes to it; then its
 * LVM goes blind to the device (a devices/global_filter that rejects it, as a filter or devices file mistake, or a
 * path down with I/O queued, would do) while device-mapper keeps the map and the mount stays. The owner moves to
 * node2 in the spec: the plan must block, apply must change nothing on node2, and status must show the mapping on
 * node1 and exit non-zero. Once node1's LVM sees the device again, the handover runs and the data is intact.
 */
@Tag("lab")
@EnabledIf(value = "io.lvmops.lab.Lab#available", disabledReason = "lab/lab is absent from this checkout")
@ExtendWith({LabExtension.class, ScenarioClock.class})
@LabSize(nodes = 2, luns = 1, lunSize = "2G")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BlindNodeLabTest {
    private static final Duration CLI_TIMEOUT = Duration.ofMinutes(5);
    private static final String MNT = "/mnt/t_lv01";
    /** Rejects every device for LVM commands on node1; device-mapper and the kernel's mount table are untouched. */
    private static final String BLIND = "sed -i 's/^devices {/devices {\\n\\tglobal_filter = [ \"r|.*|\" ] # blind/'"
            + " /etc/lvm/lvm.conf";
    private static final String SEE_AGAIN = "sed -i '/# blind$/d' /etc/lvm/lvm.conf";

    @TempDir
    static Path tmp;
    static String checksum;

    private static Path spec(Lab lab, String owner) throws IOException {
        String storage = Files.readString(lab.repositoryRoot().resolve("examples/two-nodes/storage.yaml"))
                .replaceFirst("owner: node1\\b", "owner: " + owner);
        return lab.specDirectory(tmp.resolve("spec-" + owner), Map.of("storage.yaml", storage));
    }

    private static Lab.Result lvmops(Lab lab, String... args) throws IOException {
        return lab.lvmopsLogged(CLI_TIMEOUT, args);
    }

    /** node2's own view of lv01: active flag, tags, and whether anything is mounted at the mount point. */
    private static String node2View(Lab lab) throws IOException {
        return lab.sshOk("node2", "lvm lvs --noheadings -o lv_active,lv_tags vg0/lv01; dmsetup info -c --noheadings "
                + "-o name vg0-lv01 2>&1; findmnt -n " + MNT + " || echo not-mounted").strip();
    }

    @Test
    @Order(1)
    void node1OwnsMountsAndWrites(Lab lab) throws IOException {
        Lab.Result apply = lvmops(lab, "apply", "--auto-approve", spec(lab, "node1").toString());
        assertThat(apply.exitCode()).as(apply.stdout() + apply.stderr()).isZero();
        checksum = lab.sshOk("node1", "dd if=/dev/urandom of=" + MNT + "/data bs=1M count=8 status=none && sync && "
                + "sha256sum " + MNT + "/data | cut -d' ' -f1").strip();
        assertThat(checksum).hasSize(64);
    }

    @Test
    @Order(2)
    void node1sLvmGoesBlindWhileDeviceMapperKeepsTheMapAndTheMount(Lab lab) throws IOException {
        lab.sshOk("node1", BLIND);
        Lab.Result vgs = lab.ssh("node1", "lvm vgs --noheadings -o vg_name");
        assertThat(vgs.stdout()).as("node1's LVM no longer lists vg0").doesNotContain("vg0");
        assertThat(lab.sshOk("node1", "dmsetup info -c --noheadings -o name,open vg0-lv01")).contains("vg0-lv01");
        assertThat(lab.sshOk("node1", "findmnt -n -o SOURCE " + MNT)).contains("vg0-lv01");
        // node1 keeps writing: it is the writer the new owner must never join
        lab.sshOk("node1", "echo still-writing >> " + MNT + "/log && sync");
    }

    @Test
    @Order(3)
    void movingTheOwnerToNode2BlocksAndChangesNothingThere(Lab lab) throws IOException {
        String before = node2View(lab);
        Path spec = spec(lab, "node2");

        Lab.Result plan = lvmops(lab, "plan", "--detailed-exitcode", spec.toString());
        assertThat(plan.exitCode()).isEqualTo(ExitCode.ERROR);
        assertThat(plan.stdout()).contains("vg0's LVs are unknown on node1")
                .contains("device-mapper on node1 maps vg0/lv01 but LVM there does not list vg0")
                .doesNotContain("lvchange -ay").doesNotContain("lvchange --config devices/hints=none -ay");

        Lab.Result apply = lvmops(lab, "apply", "--auto-approve", spec.toString());
        assertThat(apply.exitCode()).isNotZero();
        String after = node2View(lab);
        assertThat(after).as("node2 untouched").isEqualTo(before);
        assertThat(after).contains("lvmops_owner_node1").contains("not-mounted").doesNotContain("active");

        Lab.Result status = lvmops(lab, "status", spec.toString());
        assertThat(status.exitCode()).isEqualTo(ExitCode.ERROR);
        assertThat(status.stdout()).containsPattern("!!\\s+vg0/lv01\\s+1G\\s+node2\\s+mounted /mnt/t_lv01\\s+-")
                .contains("!! vg0/lv01 is active on node1, not its owner node2")
                .contains("!! vg0's LVs are unknown on node1");
    }

    @Test
    @Order(4)
    void onceNode1SeesTheDeviceAgainTheHandoverRunsAndTheDataIsIntact(Lab lab) throws IOException {
        lab.sshOk("node1", SEE_AGAIN);
        Path spec = spec(lab, "node2");
        Lab.Result apply = lvmops(lab, "apply", "--auto-approve", spec.toString());
        assertThat(apply.exitCode()).as(apply.stdout() + apply.stderr()).isZero();
        assertThat(lab.ssh("node1", "dmsetup info vg0-lv01").exitCode()).as("unmapped on node1").isNotZero();
        assertThat(lab.sshOk("node2", "sha256sum " + MNT + "/data | cut -d' ' -f1").strip()).isEqualTo(checksum);
        assertThat(lab.sshOk("node2", "cat " + MNT + "/log").strip()).isEqualTo("still-writing");
        Lab.Result again = lvmops(lab, "plan", "--detailed-exitcode", spec.toString());
        assertThat(again.exitCode()).as(again.stdout()).isZero();
    }
}
