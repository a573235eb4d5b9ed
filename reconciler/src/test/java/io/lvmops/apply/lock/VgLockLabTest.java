package io.lvmops.apply.lock;

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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The VG lock on real nodes (two QEMU guests, one shared LUN, lvmops as a separate process over real SSH): vg0's
 * lock lives on its lock node, node1 (first in spec order), in the root-only /run/lvmops; a lock lost mid-apply
 * stops the apply before its next step; with node1 off no metadata change runs and node2 holds no lock. The
 * scenarios run in order on one lab.
 */
@Tag("lab")
@EnabledIf(value = "io.lvmops.lab.Lab#available", disabledReason = "lab/lab is absent from this checkout")
@ExtendWith({LabExtension.class, ScenarioClock.class})
@LabSize(nodes = 2, luns = 1, lunSize = "4G")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VgLockLabTest {
    private static final Duration CLI_TIMEOUT = Duration.ofMinutes(5);
    private static final String LOCK = "/run/lvmops/lvmops-vg0.lock";

    @TempDir
    static Path tmp;
    static Path spec;

    /** The lab's nodes.yaml beside examples/two-nodes/storage.yaml, with lv01's owner and size edited. */
    private static void writeSpec(Lab lab, String owner, String size) throws IOException {
        String storage = Files.readString(lab.repositoryRoot().resolve("examples/two-nodes/storage.yaml"))
                .replaceFirst("owner: node1\\b", "owner: " + owner)
                .replaceFirst("size: 1G\\b", "size: " + size);
        assertThat(storage).contains("owner: " + owner).contains("size: " + size);
        spec = lab.specDirectory(tmp.resolve("spec"), Map.of("storage.yaml", storage));
    }

    private static Lab.Result lvmops(Lab lab, String... args) throws IOException {
        return lab.lvmopsLogged(CLI_TIMEOUT, args);
    }

    private static Lab.Result applyOk(Lab lab) throws IOException {
        Lab.Result r = lvmops(lab, "apply", "--auto-approve", spec.toString());
        assertThat(r.exitCode()).as("apply output:\n%s%s", r.stdout(), r.stderr()).isZero();
        return r;
    }

    private static String lvActive(Lab lab, String node) throws IOException {
        return lab.sshOk(node, "lvm lvs --noheadings -o lv_active vg0/lv01").trim();
    }

    @Test
    @Order(1)
    void theLockIsOnTheLockNodeInARootOnlyDirectory(Lab lab) throws Exception {
        writeSpec(lab, "node1", "1G");
        Lab.Result r = applyOk(lab);
        assertThat(r.stderr()).contains("lvmops: locked vg0 on node1");
        assertThat(lvActive(lab, "node1")).isEqualTo("active");

        assertThat(lab.sshOk("node1", "stat -c '%a %U %F' /run/lvmops " + LOCK))
                .isEqualTo("700 root directory\n600 root regular file\n");
        assertThat(lab.ssh("node2", "test -e /run/lvmops").exitCode()).as("node2 never held vg0's lock").isNotZero();
        assertThat(lab.ssh("node1", "test -e /run/lock/lvmops-vg0.lock").exitCode()).as("the old world-writable "
                + "place is not used").isNotZero();
    }

    @Test
    @Order(2)
    void aLockLostMidApplyStopsItBeforeItsNextStep_aLaterApplyConverges(Lab lab) throws Exception {
        writeSpec(lab, "node2", "1G"); // a handover: several steps on both nodes
        Path out = tmp.resolve("apply.out");
        Path err = tmp.resolve("apply.err");
        Process apply = lab.startLvmops(out, err, "apply", "--auto-approve", spec.toString());
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (apply.isAlive() && !Files.readString(err).contains("locked vg0 on node1")
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        // On node1, as soon as the apply's first step (umount) is done, and with no SSH round trip in between: kill
        // the lock's holder (the shell holding the flock, its heartbeat, cat); the kernel drops the flock at once
        // and the lock channel ends. Another apply could take the lock from here on.
        String cut = lab.sshOk("node1", "while findmnt -n /mnt/t_lv01 >/dev/null; do sleep 0.1; done; "
                + "flock -n " + LOCK + " true && echo free-before || echo held-before; "
                + LockHolders.killHolder("vg0") + "; sleep 0.5; flock -n " + LOCK + " true && echo free-after");
        assertThat(cut).isEqualTo("held-before\nfree-after\n");
        assertThat(apply.waitFor(3, TimeUnit.MINUTES)).isTrue();
        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        System.out.print(stdout);
        System.out.print(stderr.lines().map(l -> "  stderr| " + l + "\n").reduce("", String::concat));

        assertThat(apply.exitValue()).as(stderr).isEqualTo(1);
        assertThat(stderr).contains("lvmops: the lock of VG vg0 on node1 was lost (")
                .contains("stopped before the next step; what ran is safe, run apply again");
        assertThat(stdout).doesNotContain("Apply complete!");

        applyOk(lab);
        assertThat(lvActive(lab, "node2")).isEqualTo("active");
        assertThat(lvActive(lab, "node1")).isEmpty();
        Lab.Result again = lvmops(lab, "plan", "--detailed-exitcode", spec.toString());
        assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isZero();
    }

    @Test
    @Order(3)
    void withTheLockNodeOffNoMetadataChangeRunsAndNode2TakesNoLock(Lab lab) throws Exception {
        writeSpec(lab, "node2", "2G"); // lvextend: a metadata change of vg0
        lab.stop("node1");

        Lab.Result plan = lvmops(lab, "plan", spec.toString());
        assertThat(plan.stdout() + plan.stderr())
                .contains("lock node node1 of vg0 is unreachable: no metadata change of vg0 runs anywhere else")
                .doesNotContain("lvextend");

        Lab.Result apply = lvmops(lab, "apply", "--auto-approve", spec.toString());
        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.stderr()).contains("cannot take the lock of VG vg0 on its lock node node1")
                .contains("no other node stands in");
        assertThat(lab.ssh("node2", "test -e /run/lvmops").exitCode()).as("no lock taken on node2").isNotZero();
        assertThat(lab.sshOk("node2", "lvm lvs --noheadings --units b --nosuffix -o lv_size vg0/lv01").trim())
                .isEqualTo(String.valueOf(1L << 30));
    }
}
