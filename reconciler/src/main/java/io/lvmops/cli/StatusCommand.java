package io.lvmops.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lvmops.git.AppliedRevision;
import io.lvmops.git.AppliedRevisionStore;
import io.lvmops.git.ResolvedSpec;
import io.lvmops.model.Spec;
import io.lvmops.observe.FleetObservation;
import io.lvmops.observe.FleetObserver;
import io.lvmops.observe.FleetStatus;
import io.lvmops.observe.StatusRenderer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code lvmops status SPEC [--json]}: the LV × node matrix, flagging any LV active where it must not be. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        footerHeading = "%nExamples:%n",
        footer = {"  lvmops status examples/two-nodes",
                "  lvmops status spec.yaml --json | jq .healthy",
                "  lvmops status spec.yaml || echo 'double activation or a node down'"},
        description = {"Observe every node and show each LV of the spec (vg/lv, size, owner) against each node: "
                + "active, open, mounted (where), '-' inactive, 'missing' not visible, 'unreachable'.",
                "An LV active on more than one node or on a node that is not its owner is marked '!!' (red on a "
                        + "terminal). Exit codes: 0 all well, 1 such an LV or an unreachable node, 3 invalid spec "
                        + "or usage."})
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    SpecOption specOption;

    @Mixin
    SshOptionsMixin ssh;

    @Mixin
    StateDirOption state;

    @Option(names = "--json", description = "Print the matrix as JSON (for machines) instead of a table.")
    boolean json;

    @picocli.CommandLine.Spec
    CommandSpec command;

    private final NodeTransports transports;
    /** null: colour when stdout is a terminal (picocli's Ansi.AUTO); tests force it. */
    Boolean colour;

    public StatusCommand() {
        this(new NodeTransports(null));
    }

    StatusCommand(NodeTransports transports) {
        this.transports = transports;
    }

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter err = command.commandLine().getErr();
        PrintWriter out = command.commandLine().getOut();
        ResolvedSpec resolved = specOption.resolveOrReport(err);
        if (resolved == null) {
            return ExitCode.INVALID;
        }
        Spec spec = resolved.spec();
        AppliedRevision applied = lastApplied(specOption.stateKey(), err);
        FleetObservation observation;
        try {
            observation = FleetObserver.observeOnce(spec, transports.factory(ssh), ssh.parallel());
        } catch (IllegalArgumentException e) {
            err.println("lvmops: " + e.getMessage());
            err.flush();
            return ExitCode.INVALID;
        }
        FleetStatus status = FleetStatus.of(spec, observation);
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(new StatusJson(FleetObservation.FORMAT_VERSION,
                            observation.observedAt().toString(), status.healthy(), resolved.revision(),
                            applied == null ? null : new AppliedJson(applied.revision(),
                                    applied.appliedAt().toString()), status)));
        } else {
            boolean ansi = colour != null ? colour : CommandLine.Help.Ansi.AUTO.enabled();
            out.println(appliedLine(applied, resolved.revision()));
            out.print(StatusRenderer.render(status, ansi));
        }
        out.flush();
        ObserveCommand.reportNodes(observation, err);
        return status.healthy() ? ExitCode.OK : ExitCode.ERROR;
    }

    /**
     * The last revision of this spec that apply (or the daemon) applied from this machine, or null; an unreadable
     * state file is a warning, not a reason to hide the nodes' state.
     */
    private AppliedRevision lastApplied(String source, PrintWriter err) {
        try {
            return state.store().lastApplied(source).orElse(null);
        } catch (AppliedRevisionStore.StateFileException e) {
            err.println("lvmops: warning: cannot tell the applied revision: " + e.getMessage());
            err.flush();
            return null;
        }
    }

    /** {@code Applied revision: main@sha1:… at 2026-…Z}, and whether the spec moved on since. */
    static String appliedLine(AppliedRevision applied, String current) {
        if (applied == null) {
            return "Applied revision: none recorded on this machine (spec now at " + current + ")";
        }
        String line = "Applied revision: " + applied.revision() + " at " + applied.appliedAt();
        return java.util.Objects.equals(applied.revision(), current) ? line
                : line + " (the spec is now at " + current + ", not applied yet)";
    }

    /**
     * {@code status --json}: the matrix with the observation's time, whether status would exit 0, the spec's current
     * revision and the last applied one (null when none was recorded).
     */
    record StatusJson(int formatVersion, String observedAt, boolean healthy, String specRevision,
                      AppliedJson appliedRevision, FleetStatus status) {
    }

    record AppliedJson(String revision, String appliedAt) {
    }
}
