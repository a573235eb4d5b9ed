package io.lvmops.cli;

import io.lvmops.apply.ApplyEngine;
import io.lvmops.apply.ApplyResult;
import io.lvmops.apply.ApplyListener;
import io.lvmops.apply.PrintingApplyListener;
import io.lvmops.apply.StepOutcome;
import io.lvmops.apply.lock.FlockVgLock;
import io.lvmops.apply.lock.VgLockException;
import io.lvmops.apply.lock.VgLocks;
import io.lvmops.git.AppliedRevisionStore;
import io.lvmops.git.ResolvedSpec;
import io.lvmops.model.DeviceSpec;
import io.lvmops.model.Spec;
import io.lvmops.model.VolumeGroupSpec;
import io.lvmops.observe.FleetObservation;
import io.lvmops.observe.FleetObserver;
import io.lvmops.observe.LvmNodeObserver;
import io.lvmops.observe.NodeObserver;
import io.lvmops.plan.ObservationFingerprint;
import io.lvmops.plan.Plan;
import io.lvmops.plan.PlanOptions;
import io.lvmops.plan.Planner;
import io.lvmops.plan.SavedPlanCheck;
import io.lvmops.plan.render.PlanJson;
import io.lvmops.plan.render.TextRenderer;
import io.lvmops.plan.step.Step;
import io.lvmops.model.load.TextFile;
import io.lvmops.transport.SharedTransports;
import io.lvmops.transport.TransportFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;

/**
 * {@code lvmops apply SPEC} and {@code lvmops apply PLAN.json}: converge the nodes, under the VG locks.
 *
 * <p>With a SPEC the locks are taken first and the nodes observed and planned under them, so the plan shown and
 * approved is the plan applied. With a saved plan the nodes are re-observed under the locks and the plan refused if
 * its fingerprint (or the spec) changed since; then it is re-planned from the same spec revision, the fresh
 * observation and the saved options, and runs only if the steps are identical (a saved plan is a proposal, not a
 * program: a step added, changed or moved in the file, or an option flipped, is refused and nothing runs).
 */
@Command(name = "apply", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        modelTransformer = ApplyCommand.TargetLabel.class,
        description = {"Converge the nodes to the spec. With SPEC: take the lock of every VG of the spec, observe, "
                + "plan, show the plan and ask for 'yes' (on a terminal; without one --auto-approve is required), "
                + "then run the steps, printing node, command and duration as each finishes. A node's steps run in "
                + "plan order; steps of different nodes that cannot affect each other (an iSCSI login on one node "
                + "while another creates the VG) run at the same time, up to --parallel; every activation, "
                + "deactivation and its verification runs alone. With PLAN.json (from "
                + "'lvmops plan --out'): take the locks of the VGs it touches, re-observe, refuse it if the nodes "
                + "or the spec changed since it was made; re-plan from that spec, the nodes and the plan's saved "
                + "options, and run its steps only if they are exactly those (no question asked), else name the "
                + "first difference and run nothing.",
                "The first failing step stops the apply (its command, exit code and stderr are printed); what "
                        + "ran is safe, and running apply again converges. A VG lock held by another apply is "
                        + "waited for up to --lock-timeout, then its holder is named.",
                "Exit codes: 0 applied (or no changes), 1 a step failed, a blocked item, a stale plan, the "
                        + "lock not obtained or the apply not approved, 3 invalid spec or usage."},
        footerHeading = "%nExamples:%n",
        footer = {"  lvmops apply examples/two-nodes          # shows the plan, asks for 'yes'",
                "  lvmops apply specs/ --auto-approve --lock-timeout 5m       # automation",
                "  lvmops apply plan.json           # exactly a plan saved by 'lvmops plan --out'",
                "  lvmops apply --git ssh://git@git.example.com/specs.git --path prod",
                "  lvmops apply specs/ --assume-fenced node2   # node2 is off: hand its LVs over"})
public final class ApplyCommand implements Callable<Integer> {

    /** SPEC|PLAN.json positional (relabelled by {@link TargetLabel}) or --git URL [--ref] [--path]. */
    @Mixin
    SpecOption specOption;

    @Mixin
    StateDirOption state;

    @Mixin
    SshOptionsMixin ssh;

    @Mixin
    PlanningOptions planning;

    @Option(names = "--auto-approve", description = "Apply without asking (required when there is no terminal).")
    boolean autoApprove;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", defaultValue = "60s",
            converter = DurationConverter.class,
            description = "How long to wait for a VG lock held by another apply, e.g. 30s, 5m, 1h "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration lockTimeout;

    @Option(names = "--lock-dir", paramLabel = "DIR", defaultValue = FlockVgLock.DEFAULT_DIR, hidden = true,
            description = "Directory of the lock files on the nodes (default: ${DEFAULT-VALUE}).")
    String lockDir;

    @picocli.CommandLine.Spec
    CommandSpec command;

    private final NodeTransports transports;
    /** Test seams: null means the real thing (System.console(), System.in, observing over the transports). */
    Boolean terminal;
    BufferedReader input;
    BiFunction<Spec, TransportFactory, FleetObservation> fleetObserver;
    NodeObserver nodeObserver;

    public ApplyCommand() {
        this(new NodeTransports(null));
    }

    ApplyCommand(NodeTransports transports) {
        this.transports = transports;
    }

    @Override
    public Integer call() {
        PrintWriter err = command.commandLine().getErr();
        if (lockTimeout.isNegative()) {
            return usage(err, "--lock-timeout must not be negative");
        }
        Path target = specOption.path();
        return target != null && isSavedPlan(target) ? applySavedPlan(target, err) : applySpec(err);
    }

    private int applySpec(PrintWriter err) {
        PrintWriter out = command.commandLine().getOut();
        ResolvedSpec resolved = specOption.resolveOrReport(err);
        if (resolved == null) {
            return ExitCode.INVALID;
        }
        Spec spec = resolved.spec();
        Applied applied = new Applied(specOption.stateKey(), resolved.revision());
        PlanOptions options;
        try {
            options = planning.toPlanOptions(spec);
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        boolean interactive = terminal != null ? terminal : System.console() != null;
        if (!autoApprove && !interactive) {
            return usage(err, "there is no terminal to ask for approval: run with --auto-approve to apply without "
                    + "asking, or 'lvmops plan --out PLAN.json' then 'lvmops apply PLAN.json'");
        }
        TransportFactory factory;
        try {
            factory = transports.factory(ssh);
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        // Every VG of the spec: the plan is not known yet, and it must be made under the locks.
        Set<String> vgs = new TreeSet<>(spec.volumeGroups().stream().map(VolumeGroupSpec::name).toList());
        // One connection per node for the whole run: the lock's channel, the observation and every step share it.
        try (SharedTransports nodes = new SharedTransports(factory);
             VgLocks.Held locks = lock(spec, connectingAhead(nodes, spec), vgs, err)) {
            if (locks == null) {
                return ExitCode.ERROR;
            }
            factory = nodes;
            FleetObservation observation = observe(spec, factory);
            boolean allSeen = PlanCommand.reportUnreachable(spec, observation, options, err);
            Plan plan = Planner.plan(spec, resolved.revision(), observation, options);
            out.print(new TextRenderer(colour()).render(plan));
            out.flush();
            if (plan.steps().isEmpty()) {
                // Nothing to do: the nodes already are at this revision, which counts as applied.
                return plan.blocked().isEmpty() && allSeen ? record(applied, err) : ExitCode.ERROR;
            }
            if (!autoApprove && !approved(out)) {
                err.println("Apply cancelled: nothing was changed.");
                err.flush();
                return ExitCode.ERROR;
            }
            return run(spec, factory, plan, allSeen, applied, locks, out, err);
        }
    }

    private int applySavedPlan(Path target, PrintWriter err) {
        PrintWriter out = command.commandLine().getOut();
        if (planning.allowDestroy || planning.forceHandover || !planning.assumeFenced.isEmpty()
                || !planning.allowFormat.isEmpty()) {
            return usage(err, "--allow-destroy, --allow-format, --assume-fenced and --force-handover belong to "
                    + "'lvmops plan': a "
                    + "saved plan is applied with the options it was made with");
        }
        PlanJson.Saved saved;
        try {
            saved = PlanJson.readSaved(TextFile.read(target, MAX_PLAN_BYTES));
        } catch (TextFile.Unreadable e) {
            return usage(err, e.describe(target.toString()));
        } catch (PlanJson.Unreadable e) {
            return usage(err, e.describe(target.toString()));
        } catch (IllegalArgumentException e) {
            return usage(err, target + ": " + e.getMessage());
        }
        if (saved.spec() == null) {
            return usage(err, target + ": the plan does not name its spec; save plans with 'lvmops plan --out'");
        }
        // The spec the plan was made from: the same local path, or the same Git URL, path and commit.
        SpecOption source;
        if (saved.git() != null) {
            source = specOption;
            source.resolvePinned(saved.git());
        } else {
            specOption.requireNoGitOptions("the saved plan " + target + " was made from the local spec "
                    + saved.spec() + ", not from Git");
            source = specAt(Path.of(saved.spec()));
        }
        ResolvedSpec resolved = source.resolveOrReport(err);
        if (resolved == null) {
            err.println("lvmops: " + target + ": the spec this plan was made from cannot be loaded (above)");
            err.flush();
            return ExitCode.INVALID;
        }
        Spec spec = resolved.spec();
        Plan plan = saved.plan();
        if (!java.util.Objects.equals(resolved.revision(), plan.specRevision())) {
            err.println("lvmops: " + target + ": the spec " + saved.spec()
                    + " changed since the plan was made (revision "
                    + plan.specRevision() + ", now " + resolved.revision() + "); plan again");
            err.flush();
            return ExitCode.ERROR;
        }
        Applied applied = new Applied(source.stateKey(), resolved.revision());
        TransportFactory factory;
        try {
            factory = transports.factory(ssh);
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        try (SharedTransports nodes = new SharedTransports(factory);
             VgLocks.Held locks = lock(spec, connectingAhead(nodes, spec), touchedVgs(spec, plan), err)) {
            if (locks == null) {
                return ExitCode.ERROR;
            }
            factory = nodes;
            FleetObservation observation = observe(spec, factory);
            String now = ObservationFingerprint.of(observation);
            if (!now.equals(plan.fingerprint())) {
                ObserveCommand.reportNodes(observation, err);
                err.println("lvmops: " + target + ": the nodes changed since the plan was made (observed state "
                        + plan.fingerprint()
                        + ", now " + now + "); plan again. Nothing was changed.");
                err.flush();
                return ExitCode.ERROR;
            }
            // A proposal, not a program: only what the same spec, these nodes and the saved options give runs.
            Plan fresh = Planner.plan(spec, resolved.revision(), observation, saved.options(), now);
            java.util.Optional<String> difference = SavedPlanCheck.firstDifference(plan.steps(), fresh.steps());
            if (difference.isPresent()) {
                err.println("lvmops: " + target + ": the plan file and what the spec and the nodes give differ: "
                        + difference.get() + ". Only a plan made by 'lvmops plan --out' and left unchanged is "
                        + "applied; plan again. Nothing was changed.");
                err.flush();
                return ExitCode.ERROR;
            }
            plan = fresh;
            boolean allSeen = PlanCommand.reportUnreachable(spec, observation, saved.options(), err);
            out.println("Applying the saved plan " + target + " (" + plan.summary().line() + ")");
            out.flush();
            if (plan.steps().isEmpty()) {
                out.print(new TextRenderer(colour()).render(plan));
                out.flush();
                return plan.blocked().isEmpty() && allSeen ? record(applied, err) : ExitCode.ERROR;
            }
            return run(spec, factory, plan, allSeen, applied, locks, out, err);
        }
    }

    /** Runs the steps; prints the outcome Terraform-style, then any blocked item left undone. */
    private int run(Spec spec, TransportFactory factory, Plan plan, boolean allSeen, Applied applied,
                    VgLocks.Held locks, PrintWriter out, PrintWriter err) {
        out.println();
        out.flush();
        ApplyListener printing = new PrintingApplyListener(out, err);
        // No step starts unless every VG lock is still held (a dropped connection or a silent lock node releases it
        // or may have): the same stop condition as the daemon's.
        ApplyResult result = new ApplyEngine(spec, factory, nodeObserver != null ? nodeObserver : new LvmNodeObserver(),
                printing, ssh.parallel()).apply(plan, locks::lost);
        if (result.stopped() != null) {
            err.println("lvmops: " + result.stopped() + " (" + result.completed().size() + " of "
                    + result.totalSteps() + " steps ran)");
            err.flush();
            return ExitCode.ERROR;
        }
        if (!result.succeeded()) {
            return ExitCode.ERROR;
        }
        int added = 0;
        int changed = 0;
        int destroyed = 0;
        for (StepOutcome o : result.completed()) {
            switch (o.step().action()) {
                case CREATE -> added++;
                case CHANGE -> changed++;
                case DESTROY -> destroyed++;
                case VERIFY -> { }
            }
        }
        out.printf("%nApply complete! %d added, %d changed, %d destroyed.%n", added, changed, destroyed);
        out.flush();
        if (!plan.blocked().isEmpty()) {
            err.println("lvmops: " + plan.blocked().size() + " blocked item(s) were not applied:");
            plan.blocked().forEach(b -> err.println("  [" + b.severity().name().toLowerCase(java.util.Locale.ROOT)
                    + "] " + b.subject() + (b.node() == null ? "" : " (" + b.node() + ")") + ": " + b.reason()));
            err.flush();
            return ExitCode.ERROR;
        }
        if (!allSeen) {
            return ExitCode.ERROR;
        }
        return record(applied, err);
    }

    /** What a fully successful apply records: the spec source (its state key) and the revision applied. */
    private record Applied(String source, String revision) {
    }

    /**
     * Records the applied revision for status (and the daemon); called only after a fully successful apply. The
     * nodes are converged either way; a state file that cannot be written is reported and makes the exit 1.
     */
    private int record(Applied applied, PrintWriter err) {
        try {
            recordAppliedRevision(applied.source(), applied.revision());
            return ExitCode.OK;
        } catch (AppliedRevisionStore.StateFileException e) {
            err.println("lvmops: the apply succeeded but its revision was not recorded: " + e.getMessage());
            err.flush();
            return ExitCode.ERROR;
        }
    }

    /** Records that {@code revision} of the spec at {@code source} was applied now, in the --state-dir store. */
    void recordAppliedRevision(String source, String revision) {
        state.store().record(source, revision, Instant.now());
    }

    /** Shows the shared SPEC positional as what apply takes: a spec or a saved plan. */
    static final class TargetLabel implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            for (CommandLine.Model.PositionalParamSpec p : List.copyOf(spec.positionalParameters())) {
                if ("SPEC".equals(p.paramLabel())) {
                    spec.remove(p);
                    spec.addPositional(CommandLine.Model.PositionalParamSpec.builder(p).paramLabel("SPEC|PLAN.json")
                            .description("The spec (a YAML file or a directory of them), or a plan saved by "
                                    + "'lvmops plan --out' (a .json file). Not with --git.").build());
                }
            }
            return spec;
        }
    }

    /** Every node connects while the lock is taken on one of them: the observation then finds them open. */
    private SharedTransports connectingAhead(SharedTransports nodes, Spec spec) {
        nodes.connectAhead(spec.nodes(), ssh.parallel());
        return nodes;
    }

    /** The locks, or null after naming the reason (holder, unreachable node) on stderr. */
    private VgLocks.Held lock(Spec spec, TransportFactory factory, Set<String> vgs, PrintWriter err) {
        String holder = FlockVgLock.holderInfo(localHostName(), ProcessHandle.current().pid(), Instant.now());
        try {
            VgLocks.Held held = new VgLocks(spec, factory, lockDir, holder).acquire(vgs, lockTimeout);
            if (!held.where().isEmpty()) {
                err.println("lvmops: locked " + String.join(", ", held.where()));
                err.flush();
            }
            return held;
        } catch (VgLockException e) {
            err.println("lvmops: " + e.getMessage());
            if (e.holder() != null) {
                err.println("lvmops: the lock is held by " + (e.holder().isEmpty() ? "an unknown apply" : e.holder())
                        + "; nothing was changed. Run again when it has finished (or wait longer: --lock-timeout).");
            }
            err.flush();
            return null;
        }
    }

    private boolean approved(PrintWriter out) {
        out.print("\nDo you want to perform these actions? Only 'yes' will be accepted: ");
        out.flush();
        try {
            BufferedReader in = input != null ? input
                    : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String answer = in.readLine();
            return answer != null && answer.strip().equals("yes");
        } catch (IOException e) {
            return false;
        }
    }

    private FleetObservation observe(Spec spec, TransportFactory factory) {
        return fleetObserver != null ? fleetObserver.apply(spec, factory)
                : FleetObserver.observeOnce(spec, factory, ssh.parallel());
    }

    private boolean colour() {
        return CommandLine.Help.Ansi.AUTO.enabled();
    }

    /**
     * The VGs whose state the steps change: those named by a step, and for a device step (pvcreate, blank check)
     * the VG that declares the device.
     */
    static Set<String> touchedVgs(Spec spec, Plan plan) {
        Set<String> vgs = new TreeSet<>();
        for (Step step : plan.steps()) {
            String vg = component(step, "vg");
            if (vg != null) {
                vgs.add(vg);
                continue;
            }
            String device = component(step, "device");
            if (device != null) {
                for (VolumeGroupSpec v : spec.volumeGroups()) {
                    for (String name : v.devices()) {
                        if (name.equals(device) || spec.device(name).map(DeviceSpec::path).filter(device::equals)
                                .isPresent()) {
                            vgs.add(v.name());
                        }
                    }
                }
            }
        }
        return vgs;
    }

    private static String component(Step step, String name) {
        for (RecordComponent c : step.getClass().getRecordComponents()) {
            if (c.getName().equals(name) && c.getType() == String.class) {
                try {
                    return (String) c.getAccessor().invoke(step);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return null;
    }

    /** A saved plan is a few kilobytes per step; this is far beyond any real one, and bounds what is read. */
    static final int MAX_PLAN_BYTES = 64 << 20;

    /** A saved plan: a .json file, or a file whose content starts with '{' (a spec is YAML, a directory or not). */

    static boolean isSavedPlan(Path path) {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        if (path.getFileName().toString().endsWith(".json")) {
            return true;
        }
        try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            int c;
            while ((c = r.read()) != -1 && Character.isWhitespace(c)) {
                // skip leading blanks
            }
            return c == '{';
        } catch (IOException e) {
            return false;
        }
    }

    private static SpecOption specAt(Path path) {
        SpecOption option = new SpecOption();
        option.path = path;
        return option;
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    private static int usage(PrintWriter err, String message) {
        err.println("lvmops: " + message);
        err.flush();
        return ExitCode.INVALID;
    }
}
