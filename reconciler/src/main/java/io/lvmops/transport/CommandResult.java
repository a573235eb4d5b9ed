package io.lvmops.transport;

import java.time.Duration;

/** What a program did: its exit code, what it printed, and how long it took. */
public record CommandResult(int exitCode, String stdout, String stderr, Duration duration) {
    public CommandResult {
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
        duration = duration == null ? Duration.ZERO : duration;
    }

    public boolean ok() {
        return exitCode == 0;
    }
}
