package io.lvmops.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The argv actually run on a node for a {@link Command}: always under {@code LC_ALL=C} (untranslated, parseable
 * output), and through {@code sudo -n} when the node asks for it. {@code env} comes after {@code sudo} because sudo
 * resets the environment: {@code LC_ALL=C sudo ...} would not reach the real program.
 */
public final class ExecArgv {
    /** How long after the caller gave up the node's own {@code timeout} stops the program, then kills it. */
    static final Duration REMOTE_GRACE = Duration.ofSeconds(1);
    static final Duration REMOTE_KILL_AFTER = Duration.ofSeconds(5);

    static final List<String> SUDO = List.of("sudo", "-n");
    static final List<String> C_LOCALE = List.of("env", "LC_ALL=C");

    private ExecArgv() {
    }

    /**
     * The argv for a node reached over SSH, bounded on the node itself by coreutils' {@code timeout}: closing an
     * SSH channel does not stop a program, and OpenSSH refuses "signal" requests for root logins. The node's limit
     * is a little longer than the caller's, so the caller always sees its own timeout first (never a 124 exit
     * status it could mistake for the program's), and the program still ends shortly after.
     */
    public static List<String> forNode(List<String> argv, boolean sudo, Duration callerTimeout) {
        return withPrefix(argv, bounded(argv, callerTimeout), sudo);
    }

    /**
     * Only the node-side bound of {@link #forNode(List, boolean, Duration)}: {@code timeout -k ... argv}, for a
     * shell that already runs under {@code LC_ALL=C} and sudo ({@link PipelinedShell}).
     */
    static List<String> bounded(List<String> argv, Duration callerTimeout) {
        checkProgram(argv);
        List<String> bounded = new ArrayList<>(List.of("timeout", "-k", seconds(REMOTE_KILL_AFTER),
                seconds(callerTimeout.plus(REMOTE_GRACE))));
        bounded.addAll(argv);
        return List.copyOf(bounded);
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3fs", duration.toMillis() / 1000.0);
    }

    public static List<String> forNode(List<String> argv, boolean sudo) {
        return withPrefix(argv, argv, sudo);
    }

    private static void checkProgram(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must not be empty");
        }
        // env would take a program name containing '=' for one more variable assignment.
        if (argv.get(0).contains("=")) {
            throw new IllegalArgumentException("program name must not contain '=': " + argv.get(0));
        }
    }

    private static List<String> withPrefix(List<String> argv, List<String> program, boolean sudo) {
        checkProgram(argv);
        List<String> full = new ArrayList<>(SUDO.size() + C_LOCALE.size() + program.size());
        if (sudo) {
            full.addAll(SUDO);
        }
        full.addAll(C_LOCALE);
        full.addAll(program);
        return List.copyOf(full);
    }
}
