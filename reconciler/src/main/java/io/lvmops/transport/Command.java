package io.lvmops.transport;

import java.time.Duration;
import java.util.List;

/**
 * One program to run on a node: an argv, never a shell string. The transport quotes it exactly once, at its
 * boundary, and always runs it with {@code LC_ALL=C} so that LVM and friends print parseable, untranslated text.
 *
 * @param stdin   bytes fed to the program's standard input; empty for none
 * @param timeout how long the program may run before the transport gives up on it
 * @param maxOutputBytes the most the program may print on each of stdout and stderr (see {@link OutputLimit})
 */
public record Command(List<String> argv, byte[] stdin, Duration timeout, int maxOutputBytes) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must not be empty");
        }
        stdin = stdin == null ? new byte[0] : stdin.clone();
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        maxOutputBytes = maxOutputBytes <= 0 ? OutputLimit.MAX_BYTES : Math.min(maxOutputBytes, OutputLimit.MAX_BYTES);
    }

    public Command(List<String> argv, byte[] stdin, Duration timeout) {
        this(argv, stdin, timeout, OutputLimit.MAX_BYTES);
    }

    public static Command of(String... argv) {
        return new Command(List.of(argv), null, null);
    }

    public static Command of(List<String> argv) {
        return new Command(argv, null, null);
    }

    public Command withStdin(byte[] input) {
        return new Command(argv, input, timeout, maxOutputBytes);
    }

    public Command withTimeout(Duration newTimeout) {
        return new Command(argv, stdin, newTimeout, maxOutputBytes);
    }

    /** The same command with another output limit (at most {@link OutputLimit#MAX_BYTES}). */
    public Command withOutputLimit(int bytes) {
        return new Command(argv, stdin, timeout, bytes);
    }

    @Override
    public byte[] stdin() {
        return stdin.clone();
    }
}
