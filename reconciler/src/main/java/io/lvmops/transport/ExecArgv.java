package io.lvmops.transport;

import java.util.ArrayList;
import java.util.List;

/**
 * The argv actually run on a node for a {@link Command}: always under {@code LC_ALL=C} (untranslated, parseable
 * output), and through {@code sudo -n} when the node asks for it. {@code env} comes after {@code sudo} because sudo
 * resets the environment: {@code LC_ALL=C sudo ...} would not reach the real program.
 */
public final class ExecArgv {
    static final List<String> SUDO = List.of("sudo", "-n");
    static final List<String> C_LOCALE = List.of("env", "LC_ALL=C");

    private ExecArgv() {
    }

    public static List<String> forNode(List<String> argv, boolean sudo) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must not be empty");
        }
        // env would take a program name containing '=' for one more variable assignment.
        if (argv.get(0).contains("=")) {
            throw new IllegalArgumentException("program name must not contain '=': " + argv.get(0));
        }
        List<String> full = new ArrayList<>(SUDO.size() + C_LOCALE.size() + argv.size());
        if (sudo) {
            full.addAll(SUDO);
        }
        full.addAll(C_LOCALE);
        full.addAll(argv);
        return List.copyOf(full);
    }
}
