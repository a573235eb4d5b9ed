package io.lvmops.plan.guard;

import io.lvmops.lab.Lab;
import io.lvmops.lab.LabExtension;
import io.lvmops.lab.LabSize;
import io.lvmops.model.Spec;
import io.lvmops.plan.Plan;
import io.lvmops.plan.PlanOptions;
import io.lvmops.observe.LockSetup;
import io.lvmops.plan.step.LockDaemonsStart;
import io.lvmops.plan.step.LvCreate;
import io.lvmops.plan.step.LvmConfigWrite;
import io.lvmops.plan.step.Step;
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
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.lvmops.plan.guard.GuardTagsLabTest.active;
import static io.lvmops.plan.guard.GuardTagsLabTest.assertInactive;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * guard: sanlock on the real lab. The nodes boot with lvm2-lockd and sanlock installed and nothing set up (no
 * use_lvmlockd, no host_id, no daemon running, no unit enabled; {@code lab/lab up} without {@code --lockd}): lvmops'
 * own plan sets up the node side, and the test checks it on the nodes over SSH. node2 starts in the state Debian
 * leaves after {@code apt install sanlock} (sanlock running with {@code /etc/default/sanlock}'s {@code -w 0}, a
 * random name). The lab's init starts the units enabled on a node at boot, as systemd would (lab/guest-init), so the
 * reboot of scenario 2 shows what lvmops' boot persistence gives. Slow by nature (vgcreate --shared ~60-90 s, a
 * lockspace join ~25 s, a reboot ~45-70 s, a dead host's lease ~140-150 s): one lab for every scenario, timings
 * printed.
 */
@Tag("lab")
@EnabledIf(value = "io.lvmops.lab.Lab#available", disabledReason = "lab/lab is absent from this checkout")
@ExtendWith(LabExtension.class)
@LabSize(nodes = 2, luns = 1, lunSize = "3G")
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
    void nodeSetupByLvmops_thenSharedVgLockspacesEverywhere_activeExclusivelyOnTheOwner(Lab lab) throws IOException {
        // node2 as Debian leaves it after `apt install sanlock`: its unit ran `sanlock daemon $sanlock_opts`, "-w 0"
        lab.sshOk("node2", ". /etc/default/sanlock && sanlock daemon $sanlock_opts");
        for (String node : lab.nodeNames()) {
            NodeFacts before = NodeFacts.of(lab, node);
            assertThat(before.one("use_lvmlockd")).as(before.text).isEqualTo("0");
            assertThat(before.one("enabled.sanlock")).as(before.text).isEqualTo("disabled");
            assertThat(before.one("running.wdmd") + before.one("running.lvmlockd")).as(before.text).isEqualTo("nono");
            assertThat(before.one("running.sanlock")).as(before.text).isEqualTo(node.equals("node2") ? "yes" : "no");
            assertThat(before.one("use_watchdog")).as(before.text).isEqualTo(node.equals("node2") ? "0" : null);
        }

        long t0 = System.nanoTime();
        Plan plan = lvmops.apply(spec(lab, "node1", "s1"), PlanOptions.DEFAULT);
        System.out.printf("[sanlock-lab] node setup + create (vgcreate --shared, lockstart on node2, -aey): %.1f s%n",
                (System.nanoTime() - t0) / 1e9);
        List<Step> steps = plan.steps();
        int firstStorageStep = indexOf(steps, s -> !(s instanceof LvmConfigWrite || s instanceof LockDaemonsStart));
        for (String node : lab.nodeNames()) {
            List<Step> setup = steps.subList(0, firstStorageStep).stream().filter(s -> s.node().equals(node)).toList();
            assertThat(setup).as(node + "'s setup, before any login or VG change")
                    .extracting(s -> s instanceof LvmConfigWrite w ? w.path() : s.getClass().getSimpleName())
                    .containsExactly("/etc/lvm/lvmlocal.conf", LockSetup.SANLOCK_DROP_IN, LockSetup.WATCHDOG_MODULES,
                            "LockDaemonsStart");
            assertThat(((LockDaemonsStart) setup.get(3)).restartSanlock()).as(node + ": restart sanlock")
                    .isEqualTo(node.equals("node2"));
        }
        assertThat(steps).anyMatch(s -> s instanceof VgCreate v && v.argv().contains("--shared"));
        assertThat(steps).anyMatch(s -> s instanceof LockStart l && l.node().equals("node2"));
        // created on its owner, so lvcreate itself takes the exclusive lease
        assertThat(steps).anyMatch(s -> s instanceof LvCreate c && c.node().equals("node1")
                && c.argv().contains("-aey"));

        assertThat(NodeFacts.of(lab, "node1").setUp("node1").lv01Active()).isTrue();
        NodeFacts node2 = NodeFacts.of(lab, "node2").setUp("node2");
        assertThat(node2.lv01Active()).as(node2.text).isFalse();
        assertThat(lvmops.plan(spec(lab, "node1", "s1"), PlanOptions.DEFAULT).steps()).as("re-plan").isEmpty();
    }

    /**
     * What a node itself says about its lock setup and lv01, in one SSH round trip ({@code key=value} lines; a key
     * may repeat).
     */
    record NodeFacts(String node, String text) {
        static final String SCRIPT = """
                lvmconfig --typeconfig full global/use_lvmlockd local/host_id
                for d in wdmd sanlock lvmlockd; do
                    echo "running.$d=$(pidof $d >/dev/null && echo yes || echo no)"
                done
                for u in wdmd sanlock lvmlockd lvmlocks; do echo "enabled.$u=$(systemctl is-enabled $u.service)"; done
                sanlock client status -D 2>/dev/null | sed -n 's/^[[:space:]]*\\(our_host_name\\|use_watchdog\\)=/\\1=/p'
                echo "watchdog=$(cat /sys/class/watchdog/watchdog0/identity 2>/dev/null)"
                sanlock client gets 2>/dev/null | sed 's/^/lockspace=/; s/ *$//'
                echo "locktype=$(vgs --noheadings -o vg_lock_type vg0 2>/dev/null | tr -d ' ')"
                echo "lv01=$(lvs --noheadings -o lv_active vg0/lv01 2>/dev/null | tr -d ' ')"
                dmsetup ls | sed 's/^/dm=/'
                true
                """;

        static NodeFacts of(Lab lab, String node) throws IOException {
            return new NodeFacts(node, lab.sshOk(node, SCRIPT));
        }

        List<String> all(String key) {
            return text.lines().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1)).toList();
        }

        /** The first value (sanlock's daemon section comes before its lockspaces'). */
        String one(String key) {
            List<String> values = all(key);
            return values.isEmpty() ? null : values.get(0);
        }

        /** lv01 active here, as LVM and device-mapper both say. */
        boolean lv01Active() {
            boolean lvm = "active".equals(one("lv01"));
            boolean dm = all("dm").stream().anyMatch(l -> l.startsWith("vg0-lv01"));
            assertThat(lvm).as(node + ": lvs and device-mapper agree on lv01\n" + text).isEqualTo(dm);
            return lvm;
        }

        /**
         * lvm config (use_lvmlockd, host id = spec position), wdmd/sanlock/lvmlockd running and enabled for boot with
         * lvmlocks, sanlock with the watchdog and the node's name, softdog, vg0 shared and its lockspace started.
         */
        NodeFacts setUp(String expectedNode) {
            String id = expectedNode.substring("node".length());
            assertThat(one("use_lvmlockd")).as(text).isEqualTo("1");
            assertThat(one("host_id")).as(text).isEqualTo(id);
            for (String d : List.of("wdmd", "sanlock", "lvmlockd")) {
                assertThat(one("running." + d)).as(node + ": " + d + " runs\n" + text).isEqualTo("yes");
            }
            for (String u : LockSetup.UNITS) {
                assertThat(one("enabled." + u)).as(node + ": " + u + ".service enabled\n" + text).isEqualTo("enabled");
            }
            assertThat(one("our_host_name")).as(text).isEqualTo(expectedNode);
            assertThat(one("use_watchdog")).as(text).isEqualTo("1");
            assertThat(one("watchdog")).as(text).isEqualTo(LockSetup.SOFTDOG_IDENTITY);
            assertThat(one("locktype")).as(text).isEqualTo("sanlock");
            assertThat(all("lockspace")).as(node + ": vg0's lockspace started with host id " + id)
                    .contains("s lvm_vg0:" + id + ":/dev/mapper/vg0-lvmlock:0");
            return this;
        }
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
    void scenario2_rebootedNonOwnerComesBackSetUp_lvStaysInactive_lvmStillRefusesIt(Lab lab) throws IOException {
        long t0 = System.nanoTime();
        lab.reboot("node2");
        double rebooted = (System.nanoTime() - t0) / 1e9;
        lab.sshOk("node2", "timeout 60 sh -c 'until [ -b /dev/mapper/test_block_a ]; do sleep 0.2; done'"
                + " && udevadm settle");
        // the node's init started what lvmops enabled: nothing was started by hand or by lvmops since the boot
        NodeFacts booted = NodeFacts.of(lab, "node2");
        assertThat(booted.all("running.wdmd") + " " + booted.all("running.sanlock") + " "
                + booted.all("running.lvmlockd")).as("daemons up at boot\n" + booted.text).isEqualTo("[yes] [yes] [yes]");
        assertThat(booted.one("our_host_name") + " " + booted.one("use_watchdog")).isEqualTo("node2 1");
        assertThat(booted.lv01Active()).as("lv01 on node2 after the reboot").isFalse();
        System.out.printf("[sanlock-lab] node2 rebooted in %.1f s: daemons up, lv01 inactive; lockspace: %s%n",
                rebooted, booted.all("lockspace"));

        // lvmlocks.service joins the lockspace at boot; if it is still at it, the plan joins (and waits) too
        long t1 = System.nanoTime();
        Spec spec = spec(lab, "node1", "s1");
        Plan second = lvmops.apply(spec, PlanOptions.DEFAULT);
        assertThat(second.steps()).as("after the reboot: at most node2 joining vg0's lockspace")
                .allMatch(s -> s instanceof LockStart l && l.node().equals("node2") && l.vg().equals("vg0"));
        System.out.printf("[sanlock-lab] plan after the reboot: %d step(s) %s, %.1f s%n", second.steps().size(),
                second.steps().stream().map(Step::commandLine).toList(), (System.nanoTime() - t1) / 1e9);
        assertThat(lvmops.plan(spec, PlanOptions.DEFAULT).steps()).as("converged").isEmpty();

        Lab.Result r = lab.ssh("node2", "lvm lvchange -aey vg0/lv01");
        System.out.printf("[sanlock-lab] node2 after reboot: lvchange -aey vg0/lv01 -> exit %d: %s%n", r.exitCode(),
                r.stderr().strip());
        assertThat(r.exitCode()).isEqualTo(5);
        assertThat(r.stderr()).contains("LV locked by other host: vg0/lv01");
        assertThat(NodeFacts.of(lab, "node2").setUp("node2").lv01Active()).isFalse();
        assertThat(active(lab, "node1", "vg0/lv01")).as("the owner kept it").isTrue();
        System.out.printf("[sanlock-lab] scenario 2 (reboot of the non-owner): %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @Test
    @Order(4)
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
    @Order(5)
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

    private static int indexOf(List<Step> steps, java.util.function.Predicate<Step> p) {
        for (int i = 0; i < steps.size(); i++) {
            if (p.test(steps.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
