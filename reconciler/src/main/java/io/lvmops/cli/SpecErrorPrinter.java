package io.lvmops.cli;

import io.lvmops.model.load.LoadedSpec;
import io.lvmops.model.load.SpecError;

import java.io.PrintWriter;

/** Prints a spec's errors for a person: one {@code FILE:LINE:COLUMN: PATH: MESSAGE} line each, then a count. */
public final class SpecErrorPrinter {
    private SpecErrorPrinter() {
    }

    public static void print(String spec, LoadedSpec loaded, PrintWriter err) {
        for (SpecError e : loaded.errors()) {
            err.println(e);
        }
        int n = loaded.errors().size();
        err.println(spec + ": invalid (" + n + (n == 1 ? " error)" : " errors)"));
        err.flush();
    }
}
