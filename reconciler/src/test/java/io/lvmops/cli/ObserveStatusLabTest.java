package io.lvmops.cli;

import io.lvmops.lab.Lab;
import io.lvmops.lab.LabExtension;
import io.lvmops.observe.FleetObservation;
import io.lvmops.observe.NodeObservation;
import io.lvmops.observe.ObservationJson;
import io.lvmops.observe.ObservedLv;
import io.lvmops.transport.Command;
import io.lvmops.transport.CommandResult;
import io.lvmops.transport.SshSettings;
import io.lvmops.transport.SshTransportFactory;
import io.lvmops.transport.Transport;
import io.lvmops.transport.TransportException;
import io.lvmops.transport.TransportFactory;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * observe and status against the real lab: two QEMU nodes sharing a tgtd iSCSI LUN. The nodes get into the state
 * of the 2016 write-up by themselves: node1 creates and mounts vg0/lv01, node2 logs in again and udev's LVM rule
 * autoactivates lv01 there too. lvmops must see it, and see it go once node2 deactivates.
 */
@Tag("lab")
@EnabledIf(value = "io.lvmops.lab.Lab#available", disabledReason = "lab/lab is absent from this checkout")
@ExtendWith(LabExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObserveStatusLabTest {
    private static final String IQN = "iqn.2016-11.com.test:block-a";
    private static final String LUN = "/dev/mapper/test_block_a";

    @TempDir
    static Path dir;

    static Path spec(Lab lab) throws IOException {
        return lab.specDirectory(dir.resolve("spec"), Map.of("storage.yaml", """
                apiVersion: lvmops/v1
                volumeGroups:
                  - {name: vg0, devices: [test_block_a], guard: none}   # made by hand below, unguarded, as in 2016
                logicalVolumes:
                  - {name: lv01, vg: vg0, size: 256M, owner: node1}
                """));
    }

    /** Counts the execs of every node's real SSH transport. */
    static final class CountingFactory implements TransportFactory {
        final TransportFactory ssh = new SshTransportFactory(SshSettings.defaults());
        final Map<String, AtomicInteger> execs = new ConcurrentHashMap<>();

        @Override
        public Transport open(io.lvmops.model.NodeSpec node) throws TransportException {
            Transport t = ssh.open(node);
            AtomicInteger n = execs.computeIfAbsent(node.name(), k -> new AtomicInteger());
            return new Transport() {
                @Override
                public String node() {
                    return t.node();
                }

                @Override
                public CommandResult run(Command command) throws TransportException {
                    n.incrementAndGet();
                    return t.run(command);
                }

                @Override
                public void close() {
                    t.close();
                }
            };
        }
    }

    private static String portal(Lab lab) {
        return "10.0.2.2:" + System.getenv().getOrDefault("LVMOPS_TEST_LAB_ISCSI_PORT", "3270");
    }

    private static void login(Lab lab, String node) throws IOException {
        String p = portal(lab);
        lab.sshOk(node, "iscsiadm -m node -o new -T " + IQN + " -p " + p + " >/dev/null && iscsiadm -m node -T "
                + IQN + " -p " + p + " --login && for i in $(seq 60); do [ -e " + LUN + " ] && exit 0; sleep 1; "
                + "done; exit 1");
    }

    @Test
    @Order(1)
    void blankLunLoggedInOnBothNodes(Lab lab) throws Exception {
        login(lab, "node1");
        login(lab, "node2");
        CountingFactory transports = new CountingFactory();
        Path snap = dir.resolve("s1.json");

        ObserveStatusCommandTest.Run r = ObserveStatusCommandTest.run(transports, "observe", spec(lab).toString(),
                "--out", snap.toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(transports.execs).containsOnlyKeys("node1", "node2")
                .allSatisfy((node, n) -> assertThat(n).hasValue(1));
        FleetObservation f = ObservationJson.read(Files.readString(snap), snap.toString());
        for (NodeObservation n : f.nodes()) {
            assertThat(n.reachable()).as(n.error()).isTrue();
            assertThat(n.hostname()).isEqualTo(n.node());
            assertThat(n.lvmVersion()).isEqualTo("2.03.16");
            assertThat(n.iscsiSessions()).extracting(s -> s.target()).containsExactly(IQN);
            assertThat(n.device(LUN).orElseThrow().blank()).as("%s sees a blank LUN", n.node()).isTrue();
            assertThat(n.vg("vg0")).isEmpty();
            assertThat(n.dmDevices()).anyMatch(d -> d.name().equals("test_block_a"));
        }
    }

    @Test
    @Order(2)
    void autoactivationOnTheSecondNodeIsFlaggedByStatus(Lab lab) throws Exception {
        lab.sshOk("node1", "pvcreate -q " + LUN + " && vgcreate -q vg0 " + LUN + " && lvcreate -q -L 256M -n lv01 vg0"
                + " && mkfs.ext4 -q /dev/vg0/lv01 && mkdir -p /mnt/t_lv01 && mount /dev/vg0/lv01 /mnt/t_lv01");
        String p = portal(lab);
        lab.sshOk("node2", "iscsiadm -m node -T " + IQN + " -p " + p + " --logout >/dev/null");
        login(lab, "node2");
        lab.sshOk("node2", "for i in $(seq 30); do [ -e /dev/vg0/lv01 ] && exit 0; sleep 1; done; exit 1");

        ObserveStatusCommandTest.Run observe = ObserveStatusCommandTest.run(new CountingFactory(), "observe",
                spec(lab).toString());
        FleetObservation f = ObservationJson.read(observe.out(), "stdout");
        ObservedLv on1 = f.node("node1").orElseThrow().lv("vg0", "lv01").orElseThrow();
        ObservedLv on2 = f.node("node2").orElseThrow().lv("vg0", "lv01").orElseThrow();
        assertThat(on1.active() && on1.open()).isTrue();
        assertThat(f.node("node1").orElseThrow().mountsOf(on1)).extracting(m -> m.mountPoint())
                .containsExactly("/mnt/t_lv01");
        assertThat(on2.active()).as("udev autoactivated lv01 on node2").isTrue();
        assertThat(on2.open()).isFalse();
        assertThat(on2.uuid()).isEqualTo(on1.uuid());
        assertThat(f.node("node1").orElseThrow().device("/dev/vg0/lv01").orElseThrow().signatureType())
                .isEqualTo("ext4");
        assertThat(f.node("node1").orElseThrow().device(LUN).orElseThrow().signatureType()).isEqualTo("LVM2_member");

        ObserveStatusCommandTest.Run status = ObserveStatusCommandTest.run(new CountingFactory(), "status",
                spec(lab).toString());
        assertThat(status.exitCode()).isEqualTo(ExitCode.ERROR);
        assertThat(ObserveStatusCommandTest.withoutAppliedLine(status.out())).isEqualTo("""
                    LV        SIZE  OWNER  node1                node2
                !!  vg0/lv01  256M  node1  mounted /mnt/t_lv01  active

                GUARD
                  vg vg0: none
                  vg0/lv01 owner tag: (none)
                  (every VG is guard: none: only lvmops' ordering protects them)

                !! vg0/lv01 is active on 2 nodes: node1, node2
                !! vg0/lv01 is active on node2, not its owner node1
                """);
    }

    @Test
    @Order(3)
    void statusIsCleanOnceOnlyTheOwnerHasIt(Lab lab) throws Exception {
        lab.sshOk("node2", "lvchange -an vg0/lv01");

        ObserveStatusCommandTest.Run status = ObserveStatusCommandTest.run(new CountingFactory(), "status",
                spec(lab).toString());

        assertThat(status.exitCode()).as(status.out() + status.err()).isEqualTo(ExitCode.OK);
        assertThat(ObserveStatusCommandTest.withoutAppliedLine(status.out())).isEqualTo("""
                    LV        SIZE  OWNER  node1                node2
                    vg0/lv01  256M  node1  mounted /mnt/t_lv01  -

                GUARD
                  vg vg0: none
                  vg0/lv01 owner tag: (none)
                  (every VG is guard: none: only lvmops' ordering protects them)
                """);
    }

    @Test
    @Order(4)
    void aStoppedNodeIsUnreachableNeverEmpty(Lab lab) throws Exception {
        lab.stop("node2");
        ObserveStatusCommandTest.Run status = ObserveStatusCommandTest.run(
                new SshTransportFactory(SshSettings.defaults().withConnectTimeout(java.time.Duration.ofSeconds(5))),
                "status", spec(lab).toString());

        assertThat(status.exitCode()).isEqualTo(ExitCode.ERROR);
        assertThat(status.out()).contains("mounted /mnt/t_lv01  unreachable").contains("!! node2 is unreachable");
    }
}
