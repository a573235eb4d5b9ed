package io.lvmops.plan.render;

/**
 * Makes a value safe to print: every character that a terminal or a Markdown viewer would act on instead of showing
 * (C0 and C1 controls, DEL, line and paragraph separators, bidirectional overrides) is written as a visible escape,
 * so that a value observed on a node or read from a spec can neither move the cursor, recolour, hide or reorder
 * what is around it, nor start a new line that looks like another step. A tab is kept: it only moves to the next
 * column, and configuration files (whose diffs a plan shows) indent with it; a command-line word shows it escaped
 * (see {@link io.lvmops.plan.step.ShellWords}).
 */
public final class Printable {
    private Printable() {
    }

    public static String of(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String escape = escape(c);
            if (escape == null) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            out.append(escape);
        }
        return out == null ? value : out.toString();
    }

    /** True when {@link #of} would change the value. */
    public static boolean needsEscaping(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (escape(value.charAt(i)) != null) {
                return true;
            }
        }
        return false;
    }

    /** The escape of one character, as bash's {@code $'...'} reads it back; null for a character shown as is. */
    public static String escape(char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\u001b':
                return "\\e";
            default:
                break;
        }
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
            return String.format("\\x%02x", (int) c);
        }
        if ((c >= 0x80 && c <= 0x9f) || c == '\u2028' || c == '\u2029' || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200e' || c == '\u200f' || c == '\u061c' || c == '\ufeff') {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
