package io.lvmops.apply;

import io.lvmops.plan.step.Step;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** One line per step: index, node, command and duration; a failure with its command, exit code and stderr. */
public final class PrintingApplyListener implements ApplyListener {
    private final PrintWriter out;
    private final PrintWriter err;

    public PrintingApplyListener(PrintStream out, PrintStream err) {
        this(new PrintWriter(out, true), new PrintWriter(err, true));
    }

    /** For the CLI, whose streams are picocli's writers. Each line is flushed as it is printed. */
    public PrintingApplyListener(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public void started(int index, int total, Step step) {
    }

    @Override
    public void succeeded(int index, int total, Step step, Duration duration) {
        out.printf(Locale.ROOT, "[%d/%d] %s %c %s (%s)%n", index + 1, total, step.node(), step.action().symbol(),
                step.commandLine(), seconds(duration));
        out.flush();
    }

    @Override
    public void failed(StepFailure f, Duration duration) {
        err.printf(Locale.ROOT, "[%d] FAILED on %s after %s: %s%n", f.index() + 1, f.step().node(), seconds(duration),
                f.commandLine());
        err.println("  " + f.message() + (f.exitCode() == null ? "" : " (exit code " + f.exitCode() + ")"));
        if (f.stderr() != null && !f.stderr().isBlank()) {
            f.stderr().lines().forEach(l -> err.println("  stderr: " + l));
        }
        err.println("Stopped here: no step was started after this failure (steps already running on other nodes "
                + "were let finish). Fix the cause and run apply again: it re-plans from the nodes' state.");
        err.flush();
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
}
