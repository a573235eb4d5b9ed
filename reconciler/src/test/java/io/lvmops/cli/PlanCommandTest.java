package io.lvmops.cli;

import io.lvmops.observe.FleetObservation;
import io.lvmops.observe.NodeObservation;
import io.lvmops.observe.ObservationJson;
import io.lvmops.plan.Severity;
import io.lvmops.plan.render.PlanJson;
import io.lvmops.transport.TransportFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static io.lvmops.plan.Fx.G;
import static io.lvmops.plan.Fx.fleet;
import static io.lvmops.plan.Fx.node;
import static org.assertj.core.api.Assertions.assertThat;

/** lvmops plan through the real command line, from snapshots (--observed): no node is contacted. */
class PlanCommandTest {
    @TempDir
    Path dir;

    /** Fails the test if any command tries to contact a node: --observed must not. */
    final AtomicInteger opened = new AtomicInteger();
    final TransportFactory noNodes = node -> {
        opened.incrementAndGet();
        throw new AssertionError("contacted " + node.name() + " although --observed was given");
    };

    /** The spec of {@link io.lvmops.plan.Fx#twoNodes()} as YAML: lv01 (1G, ext4 on /mnt/t_lv01) owned by n1. */
    static Path twoNodeSpec(Path dir) throws IOException {
        return Files.writeString(dir.resolve("spec.yaml"), TWO_NODE_SPEC);
    }

    static final String TWO_NODE_SPEC = """
            apiVersion: lvmops/v1
            nodes:
              - {name: n1, host: 10.0.2.15}
              - {name: n2, host: 10.0.2.16}
            devices:
              - name: lun-a
                path: /dev/mapper/test_block_a
                iscsi: {portal: "10.0.2.2:3260", target: "iqn.2016-11.com.test:block-a", lun: 1}
            volumeGroups:
              - {name: vg0, devices: [lun-a], extentSize: 4M}
            logicalVolumes:
              - name: lv01
                vg: vg0
                size: 1G
                owner: n1
                filesystem: {type: ext4, mountPoint: /mnt/t_lv01}
            """;

    static FleetObservation converged() {
        return fleet(
                node("n1").withVg().lv("lv01", G, true, true, "lvmops_owner_n1").mounted("lv01", "/mnt/t_lv01").build(),
                node("n2").withVg().lv("lv01", G, false, false, "lvmops_owner_n1").build());
    }

    static FleetObservation lvMissing() {
        return fleet(node("n1").withVg().build(), node("n2").withVg().build());
    }

    /** lv01 mounted on n2, which does not own it: corruption in progress, a critical blocked item. */
    static FleetObservation mountedOnNonOwner() {
        return fleet(
                node("n1").withVg().lv("lv01", G, true, true, "lvmops_owner_n1").mounted("lv01", "/mnt/t_lv01").build(),
                node("n2").withVg().lv("lv01", G, true, true, "lvmops_owner_n1").mounted("lv01", "/mnt/t_lv01").build());
    }

    Path snapshot(String name, FleetObservation observation) throws IOException {
        return Files.writeString(dir.resolve(name), ObservationJson.write(observation));
    }

    ObserveStatusCommandTest.Run plan(String... args) {
        return ObserveStatusCommandTest.run(noNodes, args);
    }

    @Test
    void noChangesIsExitZeroInBothModes() throws IOException {
        Path spec = twoNodeSpec(dir);
        Path snap = snapshot("snap.json", converged());
        var plain = plan("plan", spec.toString(), "--observed", snap.toString());
        assertThat(plain.exitCode()).as(plain.err()).isEqualTo(ExitCode.OK);
        assertThat(plain.out()).contains("No changes.").doesNotContain("\u001b[");
        var detailed = plan("plan", spec.toString(), "--observed", snap.toString(), "--detailed-exitcode",
                "--connect-timeout", "5s");
        assertThat(detailed.exitCode()).as(detailed.err()).isEqualTo(ExitCode.OK);
        assertThat(opened).hasValue(0);
    }

    @Test
    void changesPendingAreExitZeroOrTwoWithDetailedExitcode() throws IOException {
        Path spec = twoNodeSpec(dir);
        Path snap = snapshot("snap.json", lvMissing());
        var plain = plan("plan", spec.toString(), "--observed", snap.toString(), "--no-color");
        assertThat(plain.exitCode()).as(plain.err()).isEqualTo(ExitCode.OK);
        assertThat(plain.out()).contains("node n1", "+ lvm lvcreate", "-n lv01", "mount -t ext4")
                .containsPattern("Plan: \\d+ to add, \\d+ to change, 0 to destroy, 0 blocked\\.");
        var detailed = plan("plan", spec.toString(), "--observed", snap.toString(), "--detailed-exitcode");
        assertThat(detailed.exitCode()).isEqualTo(ExitCode.CHANGES);
        assertThat(detailed.out()).isEqualTo(plain.out());
    }

    @Test
    void blockedItemsMakeTheExitNonZeroInBothModes() throws IOException {
        Path spec = twoNodeSpec(dir);
        Path snap = snapshot("snap.json", mountedOnNonOwner());
        var plain = plan("plan", spec.toString(), "--observed", snap.toString());
        assertThat(plain.exitCode()).as(plain.out()).isEqualTo(ExitCode.ERROR);
        assertThat(plain.out()).contains("Blocked", "[critical]", "vg0/lv01");
        var detailed = plan("plan", spec.toString(), "--observed", snap.toString(), "--detailed-exitcode");
        assertThat(detailed.exitCode()).isEqualTo(ExitCode.ERROR);
    }

    @Test
    void forceHandoverTurnsTheCriticalItemIntoAnUnmount() throws IOException {
        Path spec = twoNodeSpec(dir);
        Path snap = snapshot("snap.json", mountedOnNonOwner());
        var run = plan("plan", spec.toString(), "--observed", snap.toString(), "--force-handover",
                "--detailed-exitcode");
        assertThat(run.out()).contains("umount /mnt/t_lv01").doesNotContain("[critical]");
        assertThat(run.exitCode()).as(run.out()).isEqualTo(ExitCode.CHANGES);
    }

    @Test
    void anUnreachableNodeIsNamedOnStderrAndTheExitIsOne() throws IOException {
        Path spec = twoNodeSpec(dir);
        Path snap = snapshot("snap.json", fleet(converged().nodes().get(0),
                NodeObservation.unreachable("n2", "cannot connect to node n2: connection refused")));
        var run = plan("plan", spec.toString(), "--observed", snap.toString(), "--detailed-exitcode");
        assertThat(run.err()).contains("node n2 is unreachable", "connection refused");
        assertThat(run.exitCode()).isEqualTo(ExitCode.ERROR);
    }

    @Test
    void aSnapshotOfOtherNodesIsRefusedAsInvalid() throws IOException {
        Path spec = twoNodeSpec(dir);
        Path snap = snapshot("snap.json", fleet(node("n1").withVg().build(), node("n3").withVg().build()));
        var run = plan("plan", spec.toString(), "--observed", snap.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err()).contains("does not match the spec's nodes", "not in the snapshot: n2",
                "not in the spec: n3").doesNotContain("Exception");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void assumeFencedMustNameANode() throws IOException {
        Path spec = twoNodeSpec(dir);
        Path snap = snapshot("snap.json", converged());
        var run = plan("plan", spec.toString(), "--observed", snap.toString(), "--assume-fenced", "n9/x");
        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err()).contains("--assume-fenced n9/x: not a node name (nodes of the spec: n1, n2)");
        // a node outside the spec may be named: an owner tag can name a node removed from the spec
        assertThat(plan("plan", spec.toString(), "--observed", snap.toString(), "--assume-fenced", "n9").exitCode())
                .isEqualTo(ExitCode.OK);
    }

    @Test
    void anInvalidSpecIsExitThree() throws IOException {
        Path spec = Files.writeString(dir.resolve("bad.yaml"), "apiVersion: lvmops/v1\nnodes: 7\n");
        var run = plan("plan", spec.toString(), "--observed", snapshot("snap.json", converged()).toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err()).contains("bad.yaml");
    }

    @Test
    void outSavesThePlanWithWhatApplyNeedsToRecheckIt() throws IOException {
        Path spec = twoNodeSpec(dir);
        Path snap = snapshot("snap.json", lvMissing());
        Path saved = dir.resolve("plan.json");
        var run = plan("plan", spec.toString(), "--observed", snap.toString(), "--out", saved.toString(),
                "--allow-destroy", "--assume-fenced", "n2");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        PlanJson.Saved back = PlanJson.readSaved(Files.readString(saved));
        assertThat(back.spec()).isEqualTo(spec.toAbsolutePath().toString());
        assertThat(back.options().allowDestroy()).isTrue();
        assertThat(back.options().assumeFenced()).containsExactly("n2");
        assertThat(back.plan().specRevision()).startsWith("sha256:");
        assertThat(back.plan().fingerprint()).startsWith("sha256:");
        assertThat(back.plan().steps()).isNotEmpty();
        // --json prints the same document
        var json = plan("plan", spec.toString(), "--observed", snap.toString(), "--json", "--allow-destroy",
                "--assume-fenced", "n2");
        assertThat(json.out()).isEqualTo(Files.readString(saved));
    }

    @Test
    void markdownForAPullRequest() throws IOException {
        Path spec = twoNodeSpec(dir);
        var run = plan("plan", spec.toString(), "--observed", snapshot("snap.json", mountedOnNonOwner()).toString(),
                "--markdown");
        assertThat(run.out()).startsWith("**Plan:").contains("### Blocked", "**" + Severity.CRITICAL.name()
                .toLowerCase() + "**");
    }

    @Test
    void jsonAndMarkdownTogetherAreAUsageError() throws IOException {
        var run = plan("plan", twoNodeSpec(dir).toString(), "--json", "--markdown");
        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
    }

    @Test
    void helpShowsExamples() {
        var run = plan("plan", "--help");
        assertThat(run.out()).contains("Examples:", "lvmops plan specs/ --detailed-exitcode");
    }
}
