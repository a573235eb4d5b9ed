package io.lvmops.cli;

/** Lets tests in other packages know which arrow the diff prints in this JVM's locale. */
public final class DiffCommandTestAccess {
    private DiffCommandTestAccess() {
    }

    public static String arrow() {
        return DiffCommand.stdoutCanEncode('→') ? "→" : "->";
    }
}
