package io.lvmops.cli;

import io.lvmops.apply.lock.CommandStarter;
import io.lvmops.apply.lock.FlockVgLock;
import io.lvmops.apply.lock.LocalProcessStarter;
import io.lvmops.apply.lock.RunningCommand;
import io.lvmops.observe.FleetObservation;
import io.lvmops.plan.render.PlanJson;
import io.lvmops.transport.Command;
import io.lvmops.transport.CommandResult;
import io.lvmops.transport.Transport;
import io.lvmops.transport.TransportException;
import io.lvmops.transport.TransportFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static io.lvmops.plan.Fx.G;
import static io.lvmops.plan.Fx.fleet;
import static io.lvmops.plan.Fx.node;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * lvmops apply through the real command line. The nodes are fakes that record every command (LVM needs the lab;
 * the lab scenarios apply for real), but the VG lock is the real flock(1) program, run locally in a temporary lock
 * directory.
 */
class ApplyCommandTest {
    @TempDir
    Path dir;
    Path lockDir;

    /** argv of every command run on a node ("node: command line"), lock programs excluded. */
    final List<String> ran = Collections.synchronizedList(new ArrayList<>());
    /** What the observation returns; a test changes it to simulate a node changed behind lvmops' back. */
    final AtomicReference<FleetObservation> nodesShow = new AtomicReference<>();
    /** A command line substring that fails with exit code 5. */
    String failing = "\u0000";

    @BeforeEach
    void lockDir() throws IOException {
        lockDir = Files.createDirectories(dir.resolve("locks"));
    }

    final class RecordingNode implements Transport, CommandStarter {
        private final String name;

        RecordingNode(String name) {
            this.name = name;
        }

        @Override
        public String node() {
            return name;
        }

        @Override
        public CommandResult run(Command command) {
            String line = io.lvmops.transport.ShellQuoting.join(command.argv());
            ran.add(name + ": " + line);
            return line.contains(failing) ? new CommandResult(5, "", "  Volume group \"vg0\" has insufficient free "
                    + "space\n", Duration.ZERO) : new CommandResult(0, "", "", Duration.ZERO);
        }

        @Override
        public RunningCommand start(Command command) throws TransportException {
            return new LocalProcessStarter(name).start(command);
        }

        @Override
        public void close() {
        }
    }

    final TransportFactory nodes = n -> new RecordingNode(n.name());

    record Run(int exitCode, String out, String err) {
    }

    Run apply(Boolean terminal, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = LvmopsCommand.newCommandLine(nodes);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        ApplyCommand apply = cl.getSubcommands().get("apply").getCommand();
        apply.terminal = terminal;
        apply.input = new BufferedReader(new StringReader(stdin));
        apply.fleetObserver = (spec, factory) -> nodesShow.get();
        apply.nodeObserver = (spec, node, transport) -> nodesShow.get().node(node.name()).orElseThrow();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--lock-dir", lockDir.toString()));
        int code = cl.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void withoutATerminalAutoApproveIsRequiredAndNothingRuns() throws IOException {
        Path spec = PlanCommandTest.twoNodeSpec(dir);
        nodesShow.set(PlanCommandTest.lvMissing());
        Run r = apply(false, "yes\n", "apply", spec.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(r.err()).contains("no terminal", "--auto-approve");
        assertThat(ran).isEmpty();
        assertThat(r.out()).isEmpty();
    }

    @Test
    void autoApproveRunsEveryStepAndPrintsTheTerraformSummary() throws IOException {
        Path spec = PlanCommandTest.twoNodeSpec(dir);
        nodesShow.set(PlanCommandTest.lvMissing());
        Run r = apply(false, "", "apply", spec.toString(), "--auto-approve");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("Plan: ", "[1/", "n1 + lvm lvcreate").doesNotContain("Do you want");
        assertThat(r.out()).containsPattern("Apply complete! [1-9]\\d* added, \\d+ changed, 0 destroyed\\.");
        assertThat(r.err()).contains("locked vg0 on n1");
        assertThat(ran).anyMatch(l -> l.startsWith("n1: lvm lvcreate")).anyMatch(l -> l.contains("mount -t ext4"));
    }

    @Test
    void onATerminalOnlyYesIsAccepted() throws IOException {
        Path spec = PlanCommandTest.twoNodeSpec(dir);
        nodesShow.set(PlanCommandTest.lvMissing());
        Run refused = apply(true, "y\n", "apply", spec.toString());
        assertThat(refused.out()).contains("Do you want to perform these actions? Only 'yes' will be accepted:");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.ERROR);
        assertThat(refused.err()).contains("Apply cancelled");
        assertThat(ran).isEmpty();

        Run accepted = apply(true, "yes\n", "apply", spec.toString());
        assertThat(accepted.exitCode()).as(accepted.err()).isEqualTo(ExitCode.OK);
        assertThat(accepted.out()).contains("Apply complete!");
        assertThat(ran).isNotEmpty();
    }

    @Test
    void noChangesRunsNothing() throws IOException {
        Path spec = PlanCommandTest.twoNodeSpec(dir);
        nodesShow.set(PlanCommandTest.converged());
        Run r = apply(false, "", "apply", spec.toString(), "--auto-approve");
        assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("No changes.");
        assertThat(ran).isEmpty();
    }

    @Test
    void aFailedStepStopsTheApplyWithItsCommandExitCodeAndStderr() throws IOException {
        Path spec = PlanCommandTest.twoNodeSpec(dir);
        nodesShow.set(PlanCommandTest.lvMissing());
        failing = "lvcreate";
        Run r = apply(false, "", "apply", spec.toString(), "--auto-approve");
        assertThat(r.exitCode()).isEqualTo(ExitCode.ERROR);
        assertThat(r.err()).contains("FAILED on n1", "lvm lvcreate", "exit code 5", "insufficient free space");
        assertThat(r.out()).doesNotContain("Apply complete!");
        assertThat(ran).last().asString().contains("lvcreate");
    }

    @Test
    void aSavedPlanRunsExactlyItsStepsAndAStalePlanIsRefused() throws IOException {
        Path spec = PlanCommandTest.twoNodeSpec(dir);
        Path snap = Files.writeString(dir.resolve("snap.json"),
                io.lvmops.observe.ObservationJson.write(PlanCommandTest.lvMissing()));
        Path saved = dir.resolve("plan.json");
        var planned = ObserveStatusCommandTest.run(nodes, "plan", spec.toString(), "--observed", snap.toString(),
                "--out", saved.toString());
        assertThat(planned.exitCode()).as(planned.err()).isEqualTo(ExitCode.OK);

        // n2 changed since: an LV appeared there. The plan is refused and nothing runs.
        nodesShow.set(fleet(node("n1").withVg().build(), node("n2").withVg().lv("other", G, false, false).build()));
        Run stale = apply(false, "", "apply", saved.toString());
        assertThat(stale.exitCode()).isEqualTo(ExitCode.ERROR);
        assertThat(stale.err()).contains("the nodes changed since the plan was made", "plan again");
        assertThat(ran).isEmpty();

        // Unchanged: exactly the saved steps run, in order, without a question (no terminal, no --auto-approve).
        nodesShow.set(PlanCommandTest.lvMissing());
        Run fresh = apply(false, "", "apply", saved.toString());
        assertThat(fresh.exitCode()).as(fresh.err()).isEqualTo(ExitCode.OK);
        List<String> expected = PlanJson.readSaved(Files.readString(saved)).plan().steps().stream()
                .filter(s -> !s.argv().isEmpty())
                .map(s -> s.node() + ": " + io.lvmops.transport.ShellQuoting.join(s.argv())).toList();
        assertThat(ran).containsExactlyElementsOf(expected);
        assertThat(fresh.out()).contains("Apply complete!");
    }

    @Test
    void aSavedPlanIsRefusedWhenTheSpecChanged() throws IOException {
        Path spec = PlanCommandTest.twoNodeSpec(dir);
        Path snap = Files.writeString(dir.resolve("snap.json"),
                io.lvmops.observe.ObservationJson.write(PlanCommandTest.lvMissing()));
        Path saved = dir.resolve("plan.json");
        ObserveStatusCommandTest.run(nodes, "plan", spec.toString(), "--observed", snap.toString(), "--out",
                saved.toString());
        Files.writeString(spec, Files.readString(spec).replace("size: 1G", "size: 2G"));
        nodesShow.set(PlanCommandTest.lvMissing());
        Run r = apply(false, "", "apply", saved.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.ERROR);
        assertThat(r.err()).contains("changed since the plan was made", "plan again");
        assertThat(ran).isEmpty();
    }

    @Test
    void planningFlagsWithASavedPlanAreAUsageError() throws IOException {
        Path saved = Files.writeString(dir.resolve("plan.json"), "{}");
        Run r = apply(false, "", "apply", saved.toString(), "--allow-destroy");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID);
    }

    @Test
    void aSecondApplyWaitsForTheLockThenNamesItsHolder() throws Exception {
        Path spec = PlanCommandTest.twoNodeSpec(dir);
        nodesShow.set(PlanCommandTest.lvMissing());
        String holder = FlockVgLock.holderInfo("ci-runner-3", 4711, Instant.parse("2026-01-01T10:00:00Z"));
        try (AutoCloseable first = new FlockVgLock(new LocalProcessStarter("n1"), lockDir.toString(), holder)
                .acquire("vg0", Duration.ofSeconds(5))) {
            long start = System.nanoTime();
            Run r = apply(false, "", "apply", spec.toString(), "--auto-approve", "--lock-timeout", "1s");
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertThat(r.exitCode()).isEqualTo(ExitCode.ERROR);
            assertThat(r.err()).contains("VG vg0 is locked by another apply",
                    "host=ci-runner-3 pid=4711 started=2026-01-01T10:00:00Z", "the lock is held by host=ci-runner-3");
            assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(ran).isEmpty();
            assertThat(r.out()).isEmpty();
        }
        // released: the next apply gets it
        Run after = apply(false, "", "apply", spec.toString(), "--auto-approve", "--lock-timeout", "1s");
        assertThat(after.exitCode()).as(after.err()).isEqualTo(ExitCode.OK);
    }

    @Test
    void helpShowsExamplesAndBadDurationsAreUsageErrors() throws IOException {
        Run help = apply(false, "", "apply", "--help");
        assertThat(help.out()).contains("Examples:", "lvmops apply plan.json");
        Run bad = apply(false, "", "apply", PlanCommandTest.twoNodeSpec(dir).toString(), "--lock-timeout", "soon");
        assertThat(bad.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(bad.err()).contains("not a duration");
    }
}
