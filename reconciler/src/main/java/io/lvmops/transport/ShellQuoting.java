package io.lvmops.transport;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns an argv into one POSIX shell command line, quoting every word exactly once. This is the only place where
 * an argv becomes shell text: SSH can only carry a command string, which the remote user's login shell parses.
 */
public final class ShellQuoting {
    /** Words made only of these characters mean the same to every POSIX shell unquoted; they stay readable in logs. */
    private static final Pattern SAFE_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellQuoting() {
    }

    /** One word, quoted so that {@code sh} reads it back as exactly {@code word}. */
    public static String quote(String word) {
        if (word.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a program argument cannot contain a NUL character");
        }
        if (SAFE_WORD.matcher(word).matches()) {
            return word;
        }
        // Inside single quotes nothing is special except the closing quote; an embedded quote becomes '\''.
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** The command line {@code sh -c} parses back into exactly {@code argv}. */
    public static String join(List<String> argv) {
        StringBuilder line = new StringBuilder();
        for (String word : argv) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(quote(word));
        }
        return line.toString();
    }
}
