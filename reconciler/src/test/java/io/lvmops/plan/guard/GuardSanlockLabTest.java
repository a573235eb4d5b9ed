package io.lvmops.plan.guard;

import io.lvmops.lab.Lab;
import io.lvmops.lab.LabExtension;
import io.lvmops.lab.LabSize;
import io.lvmops.model.Spec;
import io.lvmops.plan.Plan;
import io.lvmops.plan.PlanOptions;
import io.lvmops.plan.step.LvCreate;
import io.lvmops.plan.step.LockStart;
import io.lvmops.plan.step.VgCreate;
import io.lvmops.plan.step.WaitForLease;
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
import java.util.Map;
import java.util.Set;

import static io.lvmops.plan.guard.GuardTagsLabTest.active;
import static io.lvmops.plan.guard.GuardTagsLabTest.assertInactive;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * guard: sanlock on the real lab ({@code lab/lab up --lockd}: every node runs wdmd, sanlock -e nodeN and lvmlockd
 * from boot, with use_lvmlockd = 1 and host_id = N, N being the node's position in the lab's spec too). Slow by
 * nature (vgcreate --shared ~60-90 s, a dead host's lease ~140-150 s): one class, timings printed.
 */
@Tag("lab")
@EnabledIf(value = "io.lvmops.lab.Lab#available", disabledReason = "lab/lab is absent from this checkout")
@ExtendWith(LabExtension.class)
@LabSize(nodes = 2, luns = 1, lunSize = "3G", lockd = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuardSanlockLabTest {
    private static final PlanOptions FORCE_HANDOVER = new PlanOptions(false, Set.of(), true);
    @TempDir
    static Path dir;
    static final LabConverge lvmops = new LabConverge();

    static Spec spec(Lab lab, String owner, String name) throws IOException {
        return lvmops.load(lab.specDirectory(dir.resolve(name), Map.of("storage.yaml", """
                apiVersion: lvmops/v1
                volumeGroups:
                  - {name: vg0, devices: [test_block_a], guard: sanlock}
                logicalVolumes:
                  - {name: lv01, vg: vg0, size: 64M, owner: OWNER}
                """.replace("OWNER", owner))));
    }

    @Test
    @Order(1)
    void createsSharedVgStartsLockspacesActivatesExclusivelyOnTheOwner(Lab lab) throws IOException {
        long t0 = System.nanoTime();
        Plan plan = lvmops.apply(spec(lab, "node1", "s1"), PlanOptions.DEFAULT);
        System.out.printf("[sanlock-lab] create (vgcreate --shared, lockstart on node2, -aey): %.1f s%n",
                (System.nanoTime() - t0) / 1e9);
        assertThat(plan.steps()).anyMatch(s -> s instanceof VgCreate v && v.argv().contains("--shared"));
        assertThat(plan.steps()).anyMatch(s -> s instanceof LockStart l && l.node().equals("node2"));
        // created on its owner, so lvcreate itself takes the exclusive lease
        assertThat(plan.steps()).anyMatch(s -> s instanceof LvCreate c && c.node().equals("node1")
                && c.argv().contains("-aey"));
        assertThat(lab.sshOk("node1", "vgs --noheadings -o vg_lock_type vg0").strip()).isEqualTo("sanlock");
        assertThat(active(lab, "node1", "vg0/lv01")).isTrue();
        assertThat(lvmops.plan(spec(lab, "node1", "s1"), PlanOptions.DEFAULT).steps()).as("re-plan").isEmpty();
    }

    @Test
    @Order(2)
    void scenario1_secondNodeIsRefusedByLvm(Lab lab) throws IOException {
        for (String cmd : new String[] {"lvm lvchange -aey vg0/lv01", "lvm lvchange -ay vg0/lv01"}) {
            Lab.Result r = lab.ssh("node2", cmd);
            System.out.printf("[sanlock-lab] node2: %s -> exit %d: %s%n", cmd, r.exitCode(), r.stderr().strip());
            assertThat(r.exitCode()).isEqualTo(5);
            assertThat(r.stderr()).contains("LV locked by other host: vg0/lv01");
        }
        assertInactive(lab, "node2", "vg0/lv01");
    }

    @Test
    @Order(3)
    void scenario3_handoverReleasesTheLeaseAndKeepsEveryByte(Lab lab) throws IOException {
        String sha = lab.sshOk("node1", "dd if=/dev/urandom of=/dev/vg0/lv01 bs=1M count=64 oflag=direct status=none"
                + " && sha256sum /dev/vg0/lv01 | cut -c1-64").strip();
        long t0 = System.nanoTime();
        lvmops.apply(spec(lab, "node2", "s2"), FORCE_HANDOVER);
        System.out.printf("[sanlock-lab] handover node1 -> node2: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        assertThat(lab.sshOk("node2", "sha256sum /dev/vg0/lv01 | cut -c1-64").strip()).isEqualTo(sha);
        Lab.Result r = lab.ssh("node1", "lvm lvchange -aey vg0/lv01");
        assertThat(r.exitCode()).isEqualTo(5);
        assertThat(r.stderr()).contains("LV locked by other host");
    }

    @Test
    @Order(4)
    void scenario4_ownerKilled_moveSucceedsOnlyAfterTheLeaseExpired(Lab lab) throws IOException {
        String sha = lab.sshOk("node2", "sha256sum /dev/vg0/lv01 | cut -c1-64").strip();
        lab.stop("node2");
        long killed = System.nanoTime();
        // never before: right after the kill LVM still refuses node1
        Lab.Result early = lab.ssh("node1", "lvm lvchange -aey vg0/lv01");
        double earlyAt = (System.nanoTime() - killed) / 1e9;
        System.out.printf("[sanlock-lab] %.1f s after the kill: node1 -aey -> exit %d: %s%n", earlyAt,
                early.exitCode(), early.stderr().strip());
        assertThat(early.exitCode()).isEqualTo(5);
        assertThat(early.stderr()).contains("LV locked by other host");

        Spec back = spec(lab, "node1", "s3");
        Plan plan = lvmops.plan(back, PlanOptions.DEFAULT);
        assertThat(plan.blocked()).isEmpty();
        WaitForLease wait = (WaitForLease) plan.steps().stream().filter(s -> s instanceof WaitForLease).findFirst()
                .orElseThrow();
        assertThat(wait.node()).isEqualTo("node1");
        assertThat(wait.details().get(0)).contains("expected wait: ~150 s");
        lvmops.apply(back, PlanOptions.DEFAULT);
        double elapsed = (System.nanoTime() - killed) / 1e9;
        System.out.printf("[sanlock-lab] owner node2 killed -> lv01 active on node1 after %.1f s%n", elapsed);
        assertThat(elapsed).as("the lease cannot have expired sooner").isGreaterThan(60);
        assertThat(active(lab, "node1", "vg0/lv01")).isTrue();
        assertThat(lab.sshOk("node1", "sha256sum /dev/vg0/lv01 | cut -c1-64").strip()).isEqualTo(sha);
    }
}
