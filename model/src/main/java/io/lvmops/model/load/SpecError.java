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
        path = path == null ? "" : path;
        message = message == null ? "" : message;
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
