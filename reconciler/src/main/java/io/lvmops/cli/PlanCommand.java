package io.lvmops.cli;

import io.lvmops.model.NodeSpec;
import io.lvmops.model.Spec;
import io.lvmops.model.load.TextFile;
import io.lvmops.observe.FleetObservation;
import io.lvmops.observe.FleetObserver;
import io.lvmops.observe.NodeObservation;
import io.lvmops.observe.ObservationJson;
import io.lvmops.plan.Plan;
import io.lvmops.plan.PlanOptions;
import io.lvmops.plan.Planner;
import io.lvmops.plan.render.MarkdownRenderer;
import io.lvmops.plan.render.PlanJson;
import io.lvmops.plan.render.TextRenderer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code lvmops plan SPEC}: what apply would do, Terraform-style; contacts the nodes read-only, changes nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Observe every node (read-only), compare with the spec and print the steps that would "
                + "converge them, grouped by node, with + (create) ~ (change) - (destroy), each step's exact "
                + "command and reason; then drift, blocked items and a summary line.",
                "Exit codes: 0 success (even with changes pending), 1 a runtime error, a blocked item or an "
                        + "unreachable node that is not fenced, 3 invalid spec or usage. With --detailed-exitcode: "
                        + "0 no changes, 2 changes pending, 1 error or any blocked item, 3 invalid."},
        footerHeading = "%nExamples:%n",
        footer = {"  lvmops plan examples/two-nodes",
                "  lvmops plan specs/ --detailed-exitcode --no-color  # CI: exit 2 = changes",
                "  lvmops plan specs/ --markdown > plan.md            # pull-request comment",
                "  lvmops plan specs/ --observed snap.json   # offline, from 'lvmops observe'",
                "  lvmops plan specs/ --out plan.json        # then: lvmops apply plan.json",
                "  lvmops plan --git ssh://git@git.example.com/specs.git --path prod --out p.json"})
public final class PlanCommand implements Callable<Integer> {

    @Mixin
    SpecOption specOption;

    @Mixin
    SshOptionsMixin ssh;

    @Mixin
    PlanningOptions planning;

    @Option(names = "--json", description = "Print the plan as versioned JSON (as --out writes it) instead of text.")
    boolean json;

    @Option(names = "--markdown", description = "Print the plan as Markdown, for a pull-request comment.")
    boolean markdown;

    @Option(names = "--no-color", description = "No ANSI colours (they are only used when stdout is a terminal).")
    boolean noColor;

    @Option(names = "--detailed-exitcode",
            description = "Exit 0 when there is nothing to change, 2 when changes are pending, 1 on an error or "
                    + "any blocked item.")
    boolean detailedExitcode;

    @Option(names = "--observed", paramLabel = "SNAPSHOT",
            description = "Plan from a snapshot written by 'lvmops observe --out' instead of observing: no node "
                    + "is contacted. Its nodes must be exactly the spec's.")
    Path observed;

    @Option(names = "--out", paramLabel = "PLAN",
            description = "Also save the plan as JSON to PLAN, for 'lvmops apply PLAN' (which re-observes and "
                    + "refuses it if the nodes or the spec changed since).")
    Path out;

    @picocli.CommandLine.Spec
    CommandSpec command;

    private final NodeTransports transports;
    /** null: colour when stdout is a terminal (picocli's Ansi.AUTO); tests force it. */
    Boolean colour;
    /** Test seam: null observes the nodes over the transports. */
    java.util.function.BiFunction<Spec, io.lvmops.transport.TransportFactory, FleetObservation> fleetObserver;

    public PlanCommand() {
        this(new NodeTransports(null));
    }

    PlanCommand(NodeTransports transports) {
        this.transports = transports;
    }

    @Override
    public Integer call() {
        PrintWriter err = command.commandLine().getErr();
        PrintWriter stdout = command.commandLine().getOut();
        if (json && markdown) {
            return usage(err, "give --json or --markdown, not both");
        }
        io.lvmops.git.ResolvedSpec resolved = specOption.resolveOrReport(err);
        if (resolved == null) {
            return ExitCode.INVALID;
        }
        Spec spec = resolved.spec();
        PlanOptions options;
        try {
            options = planning.toPlanOptions(spec);
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        FleetObservation observation;
        try {
            observation = observed != null ? readSnapshot(spec, observed)
                    : fleetObserver != null ? fleetObserver.apply(spec, transports.factory(ssh))
                    : FleetObserver.observeOnce(spec, transports.factory(ssh), ssh.parallel());
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        boolean allSeen = reportUnreachable(spec, observation, options, err);
        Plan plan = Planner.plan(spec, resolved.revision(), observation, options);
        String saved = savedPlan(plan, options, resolved);
        if (json) {
            stdout.print(saved);
        } else if (markdown) {
            stdout.print(new MarkdownRenderer().render(plan));
        } else {
            boolean ansi = !noColor && (colour != null ? colour : CommandLine.Help.Ansi.AUTO.enabled());
            stdout.print(new TextRenderer(ansi).render(plan));
        }
        stdout.flush();
        if (out != null) {
            try {
                writeAtomically(out, saved);
            } catch (IOException e) {
                err.println("lvmops: cannot write " + out + ": " + e.getMessage());
                err.flush();
                return ExitCode.ERROR;
            }
            err.println("lvmops: plan saved to " + out + "; run 'lvmops apply " + out + "' to apply exactly it");
            err.flush();
        }
        return exitCode(plan, allSeen, detailedExitcode);
    }

    /**
     * The plan as --out saves it: with the options, and the spec apply must re-read, a local spec by its absolute
     * path, a spec from Git by its URL, path and commit (so apply reads exactly the commit planned).
     */
    private String savedPlan(Plan plan, PlanOptions options, io.lvmops.git.ResolvedSpec resolved) {
        PlanJson.GitSpec git = specOption.pinned();
        String spec = git != null ? resolved.source() : specOption.path().toAbsolutePath().toString();
        return PlanJson.write(plan, options, spec, git);
    }

    /**
     * 1 for a blocked item or an incomplete observation (with or without --detailed-exitcode: blocked items make the
     * exit non-zero); otherwise 0, or with --detailed-exitcode 2 when there are steps to run.
     */
    static int exitCode(Plan plan, boolean allSeen, boolean detailed) {
        if (!plan.blocked().isEmpty() || !allSeen) {
            return ExitCode.ERROR;
        }
        if (detailed && !plan.steps().isEmpty()) {
            return ExitCode.CHANGES;
        }
        return ExitCode.OK;
    }

    /**
     * Names each unreachable node with its reason (and tool warnings) on stderr; false when a node that is not
     * fenced (in the spec or by --assume-fenced) could not be observed: the plan is then incomplete.
     */
    static boolean reportUnreachable(Spec spec, FleetObservation observation, PlanOptions options,
                                     PrintWriter err) {
        ObserveCommand.reportNodes(observation, err);
        boolean allSeen = true;
        for (NodeObservation n : observation.nodes()) {
            boolean fenced = options.assumeFenced().contains(n.node())
                    || spec.node(n.node()).map(NodeSpec::fenced).orElse(false);
            if (!n.reachable() && !fenced) {
                allSeen = false;
            }
        }
        return allSeen;
    }

    /** A snapshot is a few kilobytes per node and LV; this is far beyond any real one, and bounds what is read. */
    static final int MAX_SNAPSHOT_BYTES = 64 << 20;

    /** A snapshot whose node set is exactly the spec's; IllegalArgumentException (a usage error) otherwise. */
    static FleetObservation readSnapshot(Spec spec, Path file) {
        FleetObservation snapshot;
        try {
            snapshot = ObservationJson.read(TextFile.read(file, MAX_SNAPSHOT_BYTES), file.toString());
        } catch (TextFile.Unreadable e) {
            throw new IllegalArgumentException("cannot read the snapshot " + e.describe(file.toString()));
        } catch (ObservationJson.SnapshotException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        Set<String> specNodes = spec.nodes().stream().map(NodeSpec::name).collect(Collectors.toCollection(TreeSet::new));
        Set<String> seen = snapshot.nodes().stream().map(NodeObservation::node)
                .collect(Collectors.toCollection(TreeSet::new));
        if (!specNodes.equals(seen)) {
            Set<String> missing = new TreeSet<>(specNodes);
            missing.removeAll(seen);
            Set<String> extra = new TreeSet<>(seen);
            extra.removeAll(specNodes);
            throw new IllegalArgumentException("the snapshot " + file + " does not match the spec's nodes"
                    + (missing.isEmpty() ? "" : "; not in the snapshot: " + String.join(", ", missing))
                    + (extra.isEmpty() ? "" : "; not in the spec: " + String.join(", ", extra))
                    + " (observe again with this spec: lvmops observe SPEC --out " + file + ")");
        }
        return snapshot;
    }

    private static int usage(PrintWriter err, String message) {
        err.println("lvmops: " + message);
        err.flush();
        return ExitCode.INVALID;
    }

    static void writeAtomically(Path file, String text) throws IOException {
        Path abs = file.toAbsolutePath();
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
