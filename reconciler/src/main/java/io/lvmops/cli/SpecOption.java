package io.lvmops.cli;

import io.lvmops.model.Spec;
import io.lvmops.model.load.LoadedSpec;
import io.lvmops.model.load.SpecLoader;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The SPEC positional parameter shared by validate, observe, status, plan and apply: mix it in with
 * {@code @Mixin SpecOption spec;} and call {@link #loadOrReport(PrintWriter)}.
 */
public final class SpecOption {

    @Parameters(index = "0", paramLabel = "SPEC",
            description = "The spec: a YAML file, or a directory whose .yaml and .yml files are merged "
                    + "(in name order).")
    Path path;

    public Path path() {
        return path;
    }

    /** Loads and validates the spec; never throws for a bad spec. */
    public LoadedSpec load() {
        return SpecLoader.load(path);
    }

    /**
     * The valid spec, or null after printing every error and a count line on {@code err}; the caller then returns
     * {@link ExitCode#INVALID}.
     */
    public Spec loadOrReport(PrintWriter err) {
        LoadedSpec loaded = load();
        if (loaded.valid()) {
            return loaded.spec();
        }
        SpecErrorPrinter.print(path.toString(), loaded, err);
        return null;
    }
}
