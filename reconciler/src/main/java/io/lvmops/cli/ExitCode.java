package io.lvmops.cli;

/** lvmops' exit codes, Terraform-style. Every command returns one of these. */
public final class ExitCode {
    /** Success; for plan and status: nothing to change, nothing wrong. */
    public static final int OK = 0;
    /** A runtime error: a node unreachable, a command failed, a stale plan, a lock not obtained. */
    public static final int ERROR = 1;
    /** {@code plan --detailed-exitcode}: changes are pending. */
    public static final int CHANGES = 2;
    /** The spec is invalid, or the command line is. */
    public static final int INVALID = 3;

    private ExitCode() {
    }
}
