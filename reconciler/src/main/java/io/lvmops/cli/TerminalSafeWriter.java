package io.lvmops.cli;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * What lvmops prints, with every control character that is not a newline or a tab written as {@code \}{@code u00XX}:
 * names, paths and messages that come from a node, a snapshot or a plan file cannot clear the operator's screen,
 * move the cursor, set the terminal's title or hide a line. On stdout an SGR sequence (ESC [ digits m: a colour) is
 * let through, as lvmops' own plan colours use it; on stderr nothing is.
 */
final class TerminalSafeWriter extends Writer {
    private final Writer target;
    private final boolean colours;
    /** The characters of an ESC sequence held back until it is known to be a colour. */
    private final StringBuilder pending = new StringBuilder();

    private TerminalSafeWriter(Writer target, boolean colours) {
        this.target = target;
        this.colours = colours;
    }

    static PrintWriter wrap(PrintWriter target, boolean colours) {
        return new PrintWriter(new TerminalSafeWriter(target, colours), true);
    }

    @Override
    public void write(char[] buf, int off, int len) {
        StringBuilder out = new StringBuilder(len + 16);
        for (int i = off; i < off + len; i++) {
            char c = buf[i];
            if (pending.length() > 0) {
                pending.append(c);
                if (pending.length() == 2 ? c == '[' : (c >= '0' && c <= '9') || c == ';') {
                    continue; // still a possible colour
                }
                if (pending.length() > 2 && c == 'm') {
                    out.append(pending); // ESC [ digits m: a colour
                } else {
                    escape(pending, out);
                }
                pending.setLength(0);
                continue;
            }
            if (c == '\u001b' && colours) {
                pending.append(c);
            } else if (isControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        write(out);
    }

    private static void escape(CharSequence s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(isControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
    }

    static boolean isControl(char c) {
        return (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f);
    }

    private void write(CharSequence s) {
        try {
            target.append(s);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void flush() {
        if (pending.length() > 0) {
            StringBuilder out = new StringBuilder();
            escape(pending, out);
            pending.setLength(0);
            write(out);
        }
        try {
            target.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        flush();
    }
}
