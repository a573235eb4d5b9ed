package io.lvmops.cli;

import io.lvmops.transport.RunningCommand;
import io.lvmops.transport.CommandStarter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The CI examples use the real CLI: every {@code lvmops …} command in examples/ci/*.yml is extracted from the parsed
 * workflow, its shell variables expanded; validate and diff run for real on example specs through
 * {@link LvmopsCommand#execute}; plan and apply run for real through the real command line on a checkout and on a
 * bare Git repository of it (made with the git CLI, the CI's repository URL pointed at it over file://), with nodes
 * that record commands instead of running LVM (the lab runs LVM); every other command is parsed by the real picocli
 * model, so a renamed command or option breaks this test.
 */
class CiExamplesTest {
    private static final Path CI = Path.of("..", "examples", "ci");
    private static final Path TWO_NODES = Path.of("..", "examples", "two-nodes");
    /** Option values that are not paths of the checkout (the others are resolved against it, as in the CI job). */
    private static final Set<String> NOT_PATHS = Set.of("--git", "--ref", "--path", "--base", "--head");

    @TempDir
    Path tmp;

    @Test
    void gitHubActionsWorkflow() throws IOException {
        Map<String, Object> wf = load("github-actions.yml");
        List<String> scripts = new ArrayList<>();
        for (Object job : map(wf.get("jobs")).values()) {
            for (Object step : list(map(job).get("steps"))) {
                Object run = map(step).get("run");
                if (run != null) {
                    scripts.add(run.toString());
                }
            }
        }
        check(scripts, Map.of("GITHUB_SERVER_URL", "https://github.com", "GITHUB_REPOSITORY", "acme/specs",
                "GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567"), map(wf.get("env")));
    }

    @Test
    void gitLabCiJobs() throws IOException {
        Map<String, Object> ci = load("gitlab-ci.yml");
        List<String> scripts = new ArrayList<>();
        for (Map.Entry<String, Object> e : ci.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> job) {
                for (String key : List.of("before_script", "script", "after_script")) {
                    if (job.get(key) != null) {
                        list(job.get(key)).forEach(line -> scripts.add(line.toString()));
                    }
                }
            }
        }
        check(scripts, Map.of("CI_REPOSITORY_URL", "https://gitlab.example.com/acme/specs.git",
                "CI_COMMIT_SHA", "0123456789abcdef0123456789abcdef01234567"), map(ci.get("variables")));
    }

    private void check(List<String> scripts, Map<String, String> ciVars, Map<String, Object> workflowVars)
            throws IOException {
        // The checked-out spec repository (HEAD) and the target branch's worktree (BASE_CHECKOUT).
        Path head = tmp.resolve("head");
        Path base = tmp.resolve("base");
        String spec = workflowVars.get("SPEC").toString();
        copy(TWO_NODES, base.resolve(spec));
        copy(TWO_NODES, head.resolve(spec));
        Path storage = head.resolve(spec).resolve("storage.yaml");
        Files.writeString(storage, Files.readString(storage).replace("size: 1G ", "size: 2G "));

        Map<String, String> vars = new java.util.HashMap<>(ciVars);
        workflowVars.forEach((k, v) -> vars.put(k, v.toString()));
        vars.put("BASE_CHECKOUT", base.toString());
        // The observed snapshot the pull-request plan reads, and the repository the merge job plans from.
        Path snapshot = head.resolve(vars.get("SNAPSHOT"));
        Files.createDirectories(snapshot.getParent());
        Files.writeString(snapshot, io.lvmops.observe.ObservationJson.write(blankNodes()));
        String sha = remoteOf(head, tmp.resolve("acme/specs.git"));
        vars.replaceAll((k, v) -> switch (k) {
            case "GITHUB_SERVER_URL" -> "file://" + tmp;
            case "CI_REPOSITORY_URL" -> "file://" + tmp.resolve("acme/specs.git");
            case "GITHUB_SHA", "CI_COMMIT_SHA" -> sha;
            default -> v;
        });
        FakeNodes nodes = new FakeNodes();

        List<List<String>> commands = new ArrayList<>();
        for (String script : scripts) {
            commands.addAll(ShellCommands.lvmopsCommands(script, vars));
        }
        assertThat(commands).as("lvmops commands found").isNotEmpty();
        Set<String> seen = new java.util.TreeSet<>();
        CommandLine model = LvmopsCommand.newCommandLine();
        for (List<String> argv : commands) {
            String sub = argv.get(1);
            seen.add(sub);
            List<String> args = argv.subList(2, argv.size());
            switch (sub) {
                case "validate" -> {
                    CliRun run = CliRun.run(resolved("validate", args, head));
                    assertThat(run.exitCode()).as(argv + "\n" + run.err()).isEqualTo(ExitCode.OK);
                    assertThat(run.out()).contains(": valid (2 nodes");
                }
                case "diff" -> {
                    CliRun run = CliRun.run(resolved("diff", args, head));
                    assertThat(run.exitCode()).as(argv + "\n" + run.err()).isEqualTo(ExitCode.CHANGES);
                    assertThat(run.out()).contains("lv01: size 1G");
                }
                case "plan" -> {
                    ObserveStatusCommandTest.Run run = nodes.run(resolved("plan", args, head));
                    assertThat(run.exitCode()).as(argv + "\n" + run.err()).isEqualTo(ExitCode.OK);
                    if (args.contains("--git")) {
                        // the merge job: the commit that was pushed, read from Git
                        assertThat(run.out()).contains("Spec revision: sha1:" + sha, "lvm lvcreate");
                    } else {
                        assertThat(run.out()).contains("Spec revision `sha256:", "lvcreate");
                    }
                }
                case "apply" -> {
                    ObserveStatusCommandTest.Run run = nodes.run(resolved("apply", args, head));
                    assertThat(run.exitCode()).as(argv + "\n" + run.err()).isEqualTo(ExitCode.OK);
                    assertThat(run.out()).contains("Apply complete!");
                    assertThat(nodes.ran).anyMatch(l -> l.startsWith("node1: sh -c") && l.contains(" -- lvm lvcreate "));
                    assertThat(new io.lvmops.git.AppliedRevisionStore(nodes.stateDir).all().values())
                            .singleElement().satisfies(a -> assertThat(a.revision()).isEqualTo("sha1:" + sha));
                }
                default -> {
                    CommandLine command = model.getSubcommands().get(sub);
                    assertThat(command).as("'lvmops " + sub + "' is not a command").isNotNull();
                    String problem = rejection(command, args);
                    if (problem != null) {
                        fail(argv + " is not accepted by the real CLI: " + problem);
                    }
                }
            }
        }
        assertThat(seen).contains("validate", "diff", "plan", "apply");
    }

    /** Why the real command model rejects these arguments, or null. */
    private static String rejection(CommandLine command, List<String> args) {
        List<String> full = new ArrayList<>();
        full.add(command.getCommandName());
        full.addAll(args);
        try {
            LvmopsCommand.newCommandLine().parseArgs(full.toArray(String[]::new));
            return null;
        } catch (CommandLine.ParameterException e) {
            return e.getMessage();
        }
    }

    @Test
    void theModelCheckCatchesARenamedOption() {
        CommandLine observe = LvmopsCommand.newCommandLine().getSubcommands().get("observe");
        List<List<String>> ok = ShellCommands.lvmopsCommands("lvmops observe \"$SPEC\" --out snap.json > /dev/null",
                Map.of("SPEC", "prod"));
        assertThat(ok).containsExactly(List.of("lvmops", "observe", "prod", "--out", "snap.json"));
        assertThat(rejection(observe, ok.get(0).subList(2, 5))).isNull();
        assertThat(rejection(observe, List.of("prod", "--output", "snap.json"))).contains("--output");
    }

    /** Relative paths are relative to the checkout, as in the CI job (not URLs, refs or paths in the repository). */
    private static String[] resolved(String sub, List<String> args, Path checkout) {
        List<String> out = new ArrayList<>();
        out.add(sub);
        String previous = "";
        for (String a : args) {
            boolean path = !a.startsWith("-") && !NOT_PATHS.contains(previous) && !Path.of(a).isAbsolute();
            out.add(path ? checkout.resolve(a).toString() : a);
            previous = a;
        }
        return out.toArray(String[]::new);
    }

    /** The example's two nodes, logged in to the LUN with vg0 on it and no LV yet. */
    private static io.lvmops.observe.FleetObservation blankNodes() {
        return io.lvmops.plan.Fx.fleet(io.lvmops.plan.Fx.node("node1").withVg().build(),
                io.lvmops.plan.Fx.node("node2").withVg().build());
    }

    private Path home() throws IOException {
        return Files.createDirectories(tmp.resolve("home"));
    }

    /** Commits the checkout with the git CLI and makes a bare clone of it at {@code bare}; the commit's sha. */
    private String remoteOf(Path checkout, Path bare) throws IOException {
        io.lvmops.git.GitCli git = new io.lvmops.git.GitCli(home());
        git.git(checkout, "init", "-q", "-b", "main");
        git.git(checkout, "add", ".");
        git.git(checkout, "commit", "-q", "-m", "lv01 of 2G");
        Files.createDirectories(bare.getParent());
        git.git(tmp, "clone", "-q", "--bare", checkout.toString(), bare.toString());
        return git.git(checkout, "rev-parse", "HEAD").strip();
    }

    /**
     * Nodes that show {@link #blankNodes()} and record every command (exit 0); the VG lock is the real flock(1),
     * run locally. plan and apply run through the real command line; only where locks and the applied-revision
     * state live is added to apply's arguments (a CI runner has its own).
     */
    private final class FakeNodes {
        final List<String> ran = java.util.Collections.synchronizedList(new ArrayList<>());
        final Path stateDir = tmp.resolve("state");

        ObserveStatusCommandTest.Run run(String... args) throws IOException {
            io.lvmops.transport.TransportFactory factory = n -> new Recording(n.name());
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            CommandLine cl = LvmopsCommand.newCommandLine(factory);
            cl.setOut(new java.io.PrintWriter(out));
            cl.setErr(new java.io.PrintWriter(err));
            PlanCommand plan = cl.getSubcommands().get("plan").getCommand();
            plan.fleetObserver = (spec, f) -> blankNodes();
            ApplyCommand apply = cl.getSubcommands().get("apply").getCommand();
            apply.fleetObserver = (spec, f) -> blankNodes();
            apply.nodeObserver = (spec, node, transport) -> blankNodes().node(node.name()).orElseThrow();
            List<String> all = new ArrayList<>(List.of(args));
            if (args[0].equals("apply")) {
                all.addAll(List.of("--lock-dir", Files.createDirectories(tmp.resolve("locks")).toString(),
                        "--state-dir", stateDir.toString()));
            }
            int code = cl.execute(all.toArray(String[]::new));
            return new ObserveStatusCommandTest.Run(code, out.toString(), err.toString());
        }

        final class Recording implements io.lvmops.transport.Transport, io.lvmops.transport.CommandStarter {
            private final String name;

            Recording(String name) {
                this.name = name;
            }

            @Override
            public String node() {
                return name;
            }

            @Override
            public io.lvmops.transport.CommandResult run(io.lvmops.transport.Command command) {
                ran.add(name + ": " + io.lvmops.transport.ShellQuoting.join(command.argv()));
                return new io.lvmops.transport.CommandResult(0, "", "", java.time.Duration.ZERO);
            }

            @Override
            public io.lvmops.transport.RunningCommand start(io.lvmops.transport.Command command)
                    throws io.lvmops.transport.TransportException {
                return new io.lvmops.apply.lock.LocalProcessStarter(name).start(command);
            }

            @Override
            public void close() {
            }
        }
    }

    private static Map<String, Object> load(String file) throws IOException {
        return new Yaml().load(Files.readString(CI.resolve(file)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    private static List<?> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return (List<?>) o;
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
