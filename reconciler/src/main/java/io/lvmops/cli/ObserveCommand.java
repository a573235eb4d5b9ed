package io.lvmops.cli;

import io.lvmops.model.Spec;
import io.lvmops.observe.FleetObservation;
import io.lvmops.observe.FleetObserver;
import io.lvmops.observe.NodeObservation;
import io.lvmops.observe.ObservationJson;
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
import java.util.concurrent.Callable;

/** {@code lvmops observe SPEC [--out FILE]}: every node's live state, as a versioned JSON snapshot. */
@Command(name = "observe", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        footerHeading = "%nExamples:%n",
        footer = {"  lvmops observe examples/two-nodes --out observed.json",
                "  lvmops observe spec.yaml --accept-new-host-keys | jq '.nodes[].node'",
                "  lvmops observe spec.yaml --parallel 4 --connect-timeout 5 > obs.json"},
        description = {"Observe every node of the spec (one SSH exec per node, read-only) and write the snapshot as "
                + "JSON to FILE or stdout; it is the input of 'plan --observed'.",
                "An unreachable node is in the snapshot with its reason and named on stderr; the exit code is then 1 "
                        + "(like Terraform: the snapshot is still written). Exit codes: 0 every node observed, "
                        + "1 a node unreachable or a runtime error, 3 invalid spec or usage."})
public final class ObserveCommand implements Callable<Integer> {

    @Mixin
    SpecOption specOption;

    @Mixin
    SshOptionsMixin ssh;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the snapshot to FILE instead of stdout.")
    Path out;

    @picocli.CommandLine.Spec
    CommandSpec command;

    private final NodeTransports transports;

    public ObserveCommand() {
        this(new NodeTransports(null));
    }

    ObserveCommand(NodeTransports transports) {
        this.transports = transports;
    }

    @Override
    public Integer call() {
        PrintWriter err = command.commandLine().getErr();
        Spec spec = specOption.loadOrReport(err);
        if (spec == null) {
            return ExitCode.INVALID;
        }
        FleetObservation observation;
        try {
            observation = FleetObserver.observeOnce(spec, transports.factory(ssh), ssh.parallel());
        } catch (IllegalArgumentException e) {
            err.println("lvmops: " + e.getMessage());
            err.flush();
            return ExitCode.INVALID;
        }
        String json = ObservationJson.write(observation);
        if (out == null) {
            command.commandLine().getOut().print(json);
            command.commandLine().getOut().flush();
        } else {
            try {
                writeAtomically(out, json);
            } catch (IOException e) {
                err.println("lvmops: cannot write " + out + ": " + e.getMessage());
                err.flush();
                return ExitCode.ERROR;
            }
            long reachable = observation.nodes().stream().filter(NodeObservation::reachable).count();
            command.commandLine().getOut().printf("%s: observed %d of %d node(s)%n", out, reachable,
                    observation.nodes().size());
            command.commandLine().getOut().flush();
        }
        return reportNodes(observation, err) ? ExitCode.OK : ExitCode.ERROR;
    }

    /** Names each unreachable node and each node's tool warnings on stderr; false when a node is unreachable. */
    static boolean reportNodes(FleetObservation observation, PrintWriter err) {
        boolean all = true;
        for (NodeObservation n : observation.nodes()) {
            if (!n.reachable()) {
                all = false;
                err.println("lvmops: warning: node " + n.node() + " is unreachable, its state is unknown: "
                        + n.error());
            }
            for (String w : n.warnings()) {
                err.println("lvmops: " + n.node() + ": " + w);
            }
        }
        err.flush();
        return all;
    }

    private static void writeAtomically(Path file, String text) throws IOException {
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
