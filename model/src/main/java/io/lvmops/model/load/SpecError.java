package io.lvmops.model.load;

import java.util.Comparator;

/**
 * One problem in a spec, pointing at the offending value.
 *
 * <p>{@link #toString()} is {@code FILE:LINE:COLUMN: PATH: MESSAGE} (line and column 1-based). Problems about a whole
 * file (unreadable, empty, YAML syntax) have an empty path and print as {@code FILE:LINE:COLUMN: MESSAGE}; problems
 * without a position (a missing file) have line 0 and print as {@code FILE: MESSAGE}.
 *
 * @param path where in the spec, e.g. {@code logicalVolumes[0].owner}; empty for a whole-file problem
 */
public record SpecError(String file, int line, int column, String path, String message)
        implements Comparable<SpecError> {

    private static final Comparator<SpecError> ORDER = Comparator.comparing(SpecError::file)
            .thenComparingInt(SpecError::line)
            .thenComparingInt(SpecError::column)
            .thenComparing(SpecError::path)
            .thenComparing(SpecError::message);

    public SpecError {
        file = file == null ? "" : file;
        // a key or value quoted from the spec may hold a newline or a control character: an error stays one line
        path = path == null ? "" : oneLine(path);
        message = message == null ? "" : oneLine(message);
    }

    /** Control characters (C0, DEL, C1) written as escapes (backslash-n, backslash-t, backslash-u and four hex digits). */
    static String oneLine(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && (c < 0x7f || c > 0x9f) && c != '\u2028' && c != '\u2029') {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out == null ? text : out.toString();
    }

    static SpecError at(SourceMark mark, String path, String message) {
        return new SpecError(mark.file(), mark.line(), mark.column(), path, message);
    }

    @Override
    public int compareTo(SpecError other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(file);
        if (line > 0) {
            s.append(':').append(line).append(':').append(column);
        }
        s.append(": ");
        if (!path.isEmpty()) {
            s.append(path).append(": ");
        }
        return s.append(message).toString();
    }
}
