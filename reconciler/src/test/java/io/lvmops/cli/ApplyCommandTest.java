package io.lvmops.cli;

import io.lvmops.transport.CommandStarter;
import io.lvmops.apply.lock.FlockVgLock;
import io.lvmops.apply.lock.LocalProcessStarter;
import io.lvmops.transport.RunningCommand;
import io.lvmops.observe.FleetObservation;
import io.lvmops.plan.render.PlanJson;
import io.lvmops.transport.Command;
import io.lvmops.transport.CommandResult;
import io.lvmops.transport.Transport;
import io.lvmops.transport.TransportException;
import io.lvmops.transport.TransportFactory;
import io.lvmops.git.AppliedRevisionStore;
import io.lvmops.git.GitCli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
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

    /** Where apply records the applied revision in these tests (never the user's ~/.local/state). */
    Path stateDir() {
        return dir.resolve("state");
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
        all.addAll(List.of("--lock-dir", lockDir.toString(), "--state-dir", stateDir().toString()));
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
        assertThat(ran).anyMatch(l -> l.startsWith("n1: sh -c")
                        && l.contains(" lvmops-new-lv -b vg0 lv01 /dev/vg0/lv01 -- lvm lvcreate "))
                .anyMatch(l -> l.contains("mount -t ext4"));
        // recorded under the spec's absolute path, with the local digest as its revision
        assertThat(new AppliedRevisionStore(stateDir()).lastApplied(spec.toAbsolutePath().toString()))
                .hasValueSatisfying(a -> assertThat(a.revision()).isEqualTo(SpecRevision.of(spec)));
    }

    @Test
    void aFailedOrCancelledApplyRecordsNothing() throws IOException {
        Path spec = PlanCommandTest.twoNodeSpec(dir);
        nodesShow.set(PlanCommandTest.lvMissing());
        failing = "lvcreate";
        assertThat(apply(false, "", "apply", spec.toString(), "--auto-approve").exitCode()).isEqualTo(ExitCode.ERROR);
        assertThat(apply(true, "no\n", "apply", spec.toString()).exitCode()).isEqualTo(ExitCode.ERROR);
        assertThat(new AppliedRevisionStore(stateDir()).all()).isEmpty();
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
        assertThat(help.out()).contains("Examples:", "lvmops apply plan.json", "[SPEC|PLAN.json]",
                "a plan saved by 'lvmops plan --out'", "--git=URL", "--state-dir=DIR").doesNotContain("[SPEC]");
        Run bad = apply(false, "", "apply", PlanCommandTest.twoNodeSpec(dir).toString(), "--lock-timeout", "soon");
        assertThat(bad.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(bad.err()).contains("not a duration");
    }

    // ---- a saved plan is a proposal, not a program: tampering with it is refused and nothing runs ----

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** plan --out from the observation, which the nodes then keep showing (the plan is not stale). */
    private Path savedPlan(Path spec, FleetObservation observation) throws IOException {
        Path snap = Files.writeString(dir.resolve("snap.json"), io.lvmops.observe.ObservationJson.write(observation));
        Path saved = dir.resolve("plan.json");
        ObserveStatusCommandTest.run(nodes, "plan", spec.toString(), "--observed", snap.toString(), "--out",
                saved.toString());
        assertThat(saved).exists();
        nodesShow.set(observation);
        return saved;
    }

    private Path tampered(Path saved, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> edit)
            throws IOException {
        var doc = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(Files.readString(saved));
        edit.accept(doc);
        // the saved argv would now be refused as hand-edited before the re-plan: these tests are about the re-plan
        steps(doc).forEach(step -> ((com.fasterxml.jackson.databind.node.ObjectNode) step).remove("argv"));
        return Files.writeString(dir.resolve("tampered.json"), JSON.writeValueAsString(doc));
    }

    private static com.fasterxml.jackson.databind.node.ArrayNode steps(com.fasterxml.jackson.databind.node.ObjectNode doc) {
        return (com.fasterxml.jackson.databind.node.ArrayNode) doc.get("steps");
    }

    /** The index of the first step of that type in the saved plan. */
    private static int indexOf(com.fasterxml.jackson.databind.node.ObjectNode doc, String type) {
        for (int i = 0; i < steps(doc).size(); i++) {
            if (steps(doc).get(i).get("type").asText().equals(type)) {
                return i;
            }
        }
        throw new AssertionError("no " + type + " step in " + doc);
    }

    private void assertRefused(Path plan, String... named) {
        Run r = apply(false, "", "apply", plan.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.ERROR);
        assertThat(r.err()).contains("the plan file and what the spec and the nodes give differ",
                "Nothing was changed").contains(named);
        assertThat(ran).as("nothing runs").isEmpty();
        assertThat(r.out()).doesNotContain("Apply complete");
    }

    @Test
    void aSavedPlanWithAnAddedStepIsRefused() throws IOException {
        Path saved = savedPlan(PlanCommandTest.twoNodeSpec(dir), PlanCommandTest.lvMissing());
        // an activation on a non-owner, appended
        assertRefused(tampered(saved, doc -> steps(doc).addObject().put("type", "activate").put("node", "n2")
                .put("vg", "vg0").put("lv", "lv01").put("exclusive", false).put("reason", "added by hand")),
                "the plan file has", "lvm lvchange --config devices/hints=none -ay vg0/lv01", "(none)");
        // an lvremove without allowDestroy, inserted first
        assertRefused(tampered(saved, doc -> steps(doc).insertObject(0).put("type", "lvremove").put("node", "n1")
                .put("vg", "vg0").put("lv", "lv01").put("reason", "added by hand")),
                "step 1 differs", "lvm lvremove --config devices/hints=none vg0/lv01");
    }

    @Test
    void aSavedPlanWithAChangedArgvOrPathIsRefused() throws IOException {
        Path saved = savedPlan(PlanCommandTest.twoNodeSpec(dir), PlanCommandTest.lvMissing());
        assertRefused(tampered(saved, doc -> ((com.fasterxml.jackson.databind.node.ObjectNode) steps(doc)
                .get(indexOf(doc, "lvcreate"))).put("sizeBytes", 1L << 40)), "-L 1099511627776b");
        assertRefused(tampered(saved, doc -> ((com.fasterxml.jackson.databind.node.ObjectNode) steps(doc)
                .get(indexOf(doc, "mkfs"))).put("fsType", "XFS")), "mkfs.xfs");
        assertRefused(tampered(saved, doc -> ((com.fasterxml.jackson.databind.node.ObjectNode) steps(doc)
                .get(indexOf(doc, "mount"))).put("mountPoint", "/etc")), "mount -t ext4 /dev/vg0/lv01 /etc");
        assertRefused(tampered(saved, doc -> ((com.fasterxml.jackson.databind.node.ObjectNode) steps(doc)
                .get(indexOf(doc, "mkdir"))).put("path", "/etc/cron.d")), "mkdir -p /etc/cron.d");
    }

    @Test
    void aSavedPlanWithReorderedStepsIsRefused() throws IOException {
        Path saved = savedPlan(PlanCommandTest.twoNodeSpec(dir), PlanCommandTest.lvMissing());
        assertRefused(tampered(saved, doc -> {
            int mkfs = indexOf(doc, "mkfs");
            var moved = steps(doc).remove(mkfs);
            steps(doc).add(moved); // mkfs after the mount
        }), "differs");
    }

    @Test
    void aSavedPlanWithAFlippedOptionIsRefused() throws IOException {
        Path spec = PlanCommandTest.twoNodeSpec(dir);
        Files.writeString(spec, Files.readString(spec) + """
                  - {name: old, vg: vg0, size: 1G, owner: n1, state: absent}
                """);
        FleetObservation withOld = fleet(node("n1").withVg().lv("old", G, false, false, "lvmops_owner_n1").build(),
                node("n2").withVg().lv("old", G, false, false, "lvmops_owner_n1").build());
        Path saved = savedPlan(spec, withOld);
        assertThat(PlanJson.readSaved(Files.readString(saved)).plan().steps())
                .noneMatch(s -> s instanceof io.lvmops.plan.step.LvRemove);
        // made without --allow-destroy; the file now claims it: the spec and the nodes then give an lvremove
        assertRefused(tampered(saved, doc -> ((com.fasterxml.jackson.databind.node.ObjectNode) doc.get("options"))
                .put("allowDestroy", true)), "lvm lvremove --config devices/hints=none vg0/old");
    }

    @Test
    void aConfigWriteOfAFileLvmopsDoesNotManageCannotBeLoaded() throws IOException {
        Path saved = savedPlan(PlanCommandTest.twoNodeSpec(dir), PlanCommandTest.lvMissing());
        Path bad = tampered(saved, doc -> steps(doc).addObject().put("type", "lvmConfigWrite").put("node", "n1")
                .put("path", "/etc/cron.d/x").put("expectedSha256", "absent")
                .put("content", "* * * * * root /tmp/evil\n").put("reason", "added by hand")
                .putArray("diff"));
        Run r = apply(false, "", "apply", bad.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(r.err()).contains(bad.toString(), "/etc/cron.d/x", "not a file lvmops manages")
                .doesNotContain("Exception");
        assertThat(ran).isEmpty();
    }

    @Test
    void allowFormatMustNameAnLvOfTheSpecAndBelongsToPlanNotToAPlanFile() throws IOException {
        Path spec = PlanCommandTest.twoNodeSpec(dir);
        Run r = apply(false, "", "apply", spec.toString(), "--auto-approve", "--allow-format", "vg0/nope");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(r.err()).contains("--allow-format vg0/nope: not an LV of the spec");
        Path saved = savedPlan(spec, PlanCommandTest.lvMissing());
        Run withPlan = apply(false, "", "apply", saved.toString(), "--allow-format", "vg0/lv01");
        assertThat(withPlan.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(ran).isEmpty();
    }

    @Test
    void theUntouchedSavedPlanApplies() throws IOException {
        Path saved = savedPlan(PlanCommandTest.twoNodeSpec(dir), PlanCommandTest.lvMissing());
        // re-serialised without a change: still exactly what the spec and the nodes give
        Path same = tampered(saved, doc -> { });
        Run r = apply(false, "", "apply", same.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(ran).anyMatch(l -> l.contains("mkfs.ext4 -q /dev/vg0/lv01"));
        assertThat(r.out()).contains("Apply complete!");
    }

    /**
     * The spec from Git: a bare repository made with the real git CLI, read over file://; plan --out pins the commit,
     * apply re-reads exactly that commit, records the revision, and status shows it.
     */
    @Nested
    class FromGit {
        GitCli cli;
        Path work;
        Path remote;
        String url;
        String firstSha;

        @BeforeEach
        void repository() throws IOException {
            cli = new GitCli(Files.createDirectories(dir.resolve("home")));
            work = Files.createDirectories(dir.resolve("work"));
            cli.git(work, "init", "-q", "-b", "main");
            PlanCommandTest.twoNodeSpec(Files.createDirectories(work.resolve("specs")));
            Files.writeString(work.resolve("README"), "not a spec\n");
            cli.git(work, "add", ".");
            cli.git(work, "commit", "-q", "-m", "lv01 of 1G");
            firstSha = cli.git(work, "rev-parse", "HEAD").strip();
            remote = dir.resolve("remote.git");
            cli.git(dir, "clone", "-q", "--bare", work.toString(), remote.toString());
            url = "file://" + remote;
        }

        /** Pushes a commit that grows lv01 to 2G: the branch moves on. */
        String growLv01OnMain() throws IOException {
            Path spec = work.resolve("specs/spec.yaml");
            Files.writeString(spec, Files.readString(spec).replace("size: 1G", "size: 2G"));
            cli.git(work, "commit", "-q", "-am", "lv01 of 2G");
            cli.git(work, "push", "-q", remote.toString(), "main");
            return cli.git(work, "rev-parse", "HEAD").strip();
        }

        String[] git(String... more) {
            List<String> all = new ArrayList<>(List.of("--git", url, "--path", "specs",
                    "--git-cache-dir", dir.resolve("cache").toString()));
            all.addAll(List.of(more));
            return all.toArray(String[]::new);
        }

        String[] args(String command, String[] first, String... more) {
            List<String> all = new ArrayList<>(List.of(command));
            all.addAll(List.of(first));
            all.addAll(List.of(more));
            return all.toArray(String[]::new);
        }

        @Test
        void aPlanFromGitNamesItsCommitAndApplyRunsThatCommitEvenAfterTheBranchMoved() throws IOException {
            Path snap = Files.writeString(dir.resolve("snap.json"),
                    io.lvmops.observe.ObservationJson.write(PlanCommandTest.lvMissing()));
            Path saved = dir.resolve("plan.json");
            var planned = ObserveStatusCommandTest.run(nodes, args("plan", git("--observed", snap.toString(),
                    "--out", saved.toString(), "--no-color")));
            assertThat(planned.exitCode()).as(planned.err()).isEqualTo(ExitCode.OK);
            assertThat(planned.out()).contains("Spec revision: main@sha1:" + firstSha + "\n")
                    .contains("lvcreate", "-L 1073741824b");
            PlanJson.Saved back = PlanJson.readSaved(Files.readString(saved));
            assertThat(back.git()).isEqualTo(new PlanJson.GitSpec(url, "main", "specs", firstSha));
            assertThat(back.spec()).isEqualTo(url + "//specs");
            assertThat(back.plan().specRevision()).isEqualTo("main@sha1:" + firstSha);

            String secondSha = growLv01OnMain();

            // The saved plan pins its commit: the 2G commit on main does not change what it applies.
            nodesShow.set(PlanCommandTest.lvMissing());
            Run applied = apply(false, "", args("apply", new String[] {saved.toString()},
                    "--git-cache-dir", dir.resolve("cache").toString()));
            assertThat(applied.exitCode()).as(applied.err()).isEqualTo(ExitCode.OK);
            List<String> expected = back.plan().steps().stream().filter(s -> !s.argv().isEmpty())
                    .map(s -> s.node() + ": " + io.lvmops.transport.ShellQuoting.join(s.argv())).toList();
            assertThat(ran).containsExactlyElementsOf(expected).noneMatch(l -> l.contains("2147483648b"));
            assertThat(new AppliedRevisionStore(stateDir()).lastApplied(url + "//specs"))
                    .hasValueSatisfying(a -> assertThat(a.revision()).isEqualTo("main@sha1:" + firstSha));

            // status reads the same state file: the applied commit, and that main has moved on since.
            var status = ObserveStatusCommandTest.run(n -> ObserveStatusCommandTest.replay(n.name(),
                    "host/a-observe.out"), args("status", git("--state-dir", stateDir().toString())));
            assertThat(status.out()).startsWith("Applied revision: main@sha1:" + firstSha + " at 20")
                    .contains("(the spec is now at main@sha1:" + secondSha + ", not applied yet)\n");
            var json = ObserveStatusCommandTest.run(n -> ObserveStatusCommandTest.replay(n.name(),
                    "host/a-observe.out"), args("status", git("--state-dir", stateDir().toString(), "--json")));
            assertThat(json.out()).contains("\"specRevision\" : \"main@sha1:" + secondSha + "\"",
                    "\"appliedRevision\" : {", "\"revision\" : \"main@sha1:" + firstSha + "\"", "\"appliedAt\" : \"20");
        }

        @Test
        void applyTakesGitDirectlyAndRecordsTheRevisionApplied() throws IOException {
            nodesShow.set(PlanCommandTest.lvMissing());
            Run r = apply(false, "", args("apply", git("--auto-approve")));
            assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
            assertThat(r.out()).contains("Spec revision: main@sha1:" + firstSha, "Apply complete!");
            assertThat(ran).anyMatch(l -> l.startsWith("n1: sh -c")
                    && l.contains(" lvmops-new-lv -b vg0 lv01 /dev/vg0/lv01 -- lvm lvcreate "));

            String secondSha = growLv01OnMain();
            nodesShow.set(PlanCommandTest.converged());
            ran.clear();
            Run again = apply(false, "", args("apply", git("--auto-approve")));
            assertThat(again.exitCode()).as(again.err()).isEqualTo(ExitCode.OK);
            assertThat(again.out()).contains("Spec revision: main@sha1:" + secondSha, "lvextend");
            assertThat(new AppliedRevisionStore(stateDir()).lastApplied(url + "//specs"))
                    .hasValueSatisfying(a -> assertThat(a.revision()).isEqualTo("main@sha1:" + secondSha));
        }

        @Test
        void aSavedPlanWhoseCommitWasEditedIsRefusedAndItsSourceCannotBeOverridden() throws IOException {
            Path snap = Files.writeString(dir.resolve("snap.json"),
                    io.lvmops.observe.ObservationJson.write(PlanCommandTest.lvMissing()));
            Path saved = dir.resolve("plan.json");
            var planned = ObserveStatusCommandTest.run(nodes, args("plan", git("--observed", snap.toString(),
                    "--out", saved.toString())));
            assertThat(planned.exitCode()).as(planned.err()).isEqualTo(ExitCode.OK);
            nodesShow.set(PlanCommandTest.lvMissing());

            Run overridden = apply(false, "", "apply", saved.toString(), "--git", url);
            assertThat(overridden.exitCode()).isEqualTo(ExitCode.INVALID);
            assertThat(overridden.err()).contains("--git: the saved plan names its spec source");

            String secondSha = growLv01OnMain();
            Files.writeString(saved, Files.readString(saved).replace("\"commit\" : \"" + firstSha,
                    "\"commit\" : \"" + secondSha));
            Run edited = apply(false, "", "apply", saved.toString(), "--git-cache-dir", dir.resolve("cache").toString());
            assertThat(edited.exitCode()).isEqualTo(ExitCode.ERROR);
            assertThat(edited.err()).contains("changed since the plan was made", "main@sha1:" + firstSha,
                    "now main@sha1:" + secondSha);
            assertThat(ran).isEmpty();
            assertThat(new AppliedRevisionStore(stateDir()).all()).isEmpty();
        }

        @Test
        void gitCredentialOptionsWithALocalSavedPlanAreAUsageError() throws IOException {
            Path spec = PlanCommandTest.twoNodeSpec(dir);
            Path snap = Files.writeString(dir.resolve("snap.json"),
                    io.lvmops.observe.ObservationJson.write(PlanCommandTest.lvMissing()));
            Path saved = dir.resolve("plan.json");
            ObserveStatusCommandTest.run(nodes, "plan", spec.toString(), "--observed", snap.toString(), "--out",
                    saved.toString());
            Run r = apply(false, "", "apply", saved.toString(), "--git-ssh-key", dir.resolve("id").toString());
            assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID);
            assertThat(r.err()).contains("--git-ssh-key: the saved plan", "was made from the local spec");
            assertThat(ran).isEmpty();
        }
    }
}
