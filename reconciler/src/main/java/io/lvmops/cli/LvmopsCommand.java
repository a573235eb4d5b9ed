package io.lvmops.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lvmops} command: a parent for the subcommands; each subcommand is a {@code Callable<Integer>}. */
@Command(name = "lvmops",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        footerHeading = "%nExamples:%n",
        footer = {"  lvmops validate examples/two-nodes",
                "  lvmops status /etc/lvmops/spec",
                "  lvmops help observe",
                "",
                "Exit codes: 0 ok or no changes, 1 runtime error, 2 changes pending,",
                "3 invalid spec or usage. LVMOPS_DEBUG=1 shows the stack trace of an",
                "unexpected error; LVMOPS_JAVA_OPTS adds JVM options."},
        description = "Declarative GitOps reconciler for LVM on shared iSCSI storage: one owner node per LV, "
                + "never active on two nodes.",
        subcommands = {
                CommandLine.HelpCommand.class,
                ValidateCommand.class,
                ObserveCommand.class,
                StatusCommand.class,
                DiffCommand.class,
                PlanCommand.class,
                ApplyCommand.class,
                DaemonCommand.class,
        })
public final class LvmopsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs lvmops as the shell would, and returns the exit code instead of exiting (for tests). */
    public static int execute(String... args) {
        return newCommandLine().execute(args);
    }

    public static CommandLine newCommandLine() {
        return configure(new CommandLine(new LvmopsCommand()));
    }

    /** A command line whose node-contacting commands use {@code transports} instead of SSH (tests, embedding). */
    public static CommandLine newCommandLine(io.lvmops.transport.TransportFactory transports) {
        NodeTransports nodes = new NodeTransports(transports);
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        return configure(new CommandLine(new LvmopsCommand(), new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == ObserveCommand.class) {
                    return (K) new ObserveCommand(nodes);
                }
                if (cls == StatusCommand.class) {
                    return (K) new StatusCommand(nodes);
                }
                if (cls == PlanCommand.class) {
                    return (K) new PlanCommand(nodes);
                }
                if (cls == ApplyCommand.class) {
                    return (K) new ApplyCommand(nodes);
                }

                return defaults.create(cls);
            }
        }));
    }

    private static CommandLine configure(CommandLine cl) {
        cl.setExitCodeExceptionMapper(e -> ExitCode.ERROR);
        // Whatever a command prints passes through a filter of control characters (see TerminalSafeWriter), also
        // when a caller set its own writers before executing.
        CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
        cl.setExecutionStrategy(parseResult -> {
            CommandLine root = parseResult.commandSpec().commandLine();
            root.setOut(TerminalSafeWriter.wrap(root.getOut(), true));
            root.setErr(TerminalSafeWriter.wrap(root.getErr(), false));
            return run.execute(parseResult);
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("lvmops: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, cmd.getErr());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCode.INVALID;
        });
        // A bug must not print a stack trace at the operator: one line, exit 1. LVMOPS_DEBUG=1 shows the trace.
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            cmd.getErr().println("lvmops: error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (System.getenv("LVMOPS_DEBUG") != null) {
                ex.printStackTrace(cmd.getErr());
            }
            return ExitCode.ERROR;
        });
        return cl;
    }
}
