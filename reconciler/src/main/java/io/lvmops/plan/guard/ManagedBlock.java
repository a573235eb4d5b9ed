package io.lvmops.plan.guard;

/**
 * lvmops' marked block inside a configuration file it shares with people ({@code /etc/lvm/lvmlocal.conf}). lvmops
 * only ever rewrites the lines from {@link #BEGIN} to {@link #END}; every byte outside stays as it was. A file
 * without the block gets it appended (after a newline if its last line had none).
 */
public final class ManagedBlock {
    public static final String BEGIN = "# BEGIN lvmops managed block (rewritten by lvmops: change the spec, not this)";
    public static final String END = "# END lvmops managed block";
    private static final String BEGIN_PREFIX = "# BEGIN lvmops managed block";

    private ManagedBlock() {
    }

    /** Thrown when the markers are broken (a begin without end, or twice): lvmops does not guess. */
    public static final class BrokenMarkersException extends Exception {
        public BrokenMarkersException(String message) {
            super(message);
        }
    }

    /** Where the block is: [start, end) character offsets covering whole lines, or null when absent. */
    record Range(int start, int end) {
    }

    static Range find(String file) throws BrokenMarkersException {
        if (file == null) {
            return null;
        }
        int begin = lineStartingWith(file, BEGIN_PREFIX, 0);
        if (begin < 0) {
            if (lineStartingWith(file, END, 0) >= 0) {
                throw new BrokenMarkersException("'" + END + "' without its begin line");
            }
            return null;
        }
        int end = lineStartingWith(file, END, begin);
        if (end < 0) {
            throw new BrokenMarkersException("'" + BEGIN_PREFIX + "' without its end line");
        }
        int after = file.indexOf('\n', end);
        after = after < 0 ? file.length() : after + 1;
        if (lineStartingWith(file, BEGIN_PREFIX, after) >= 0) {
            throw new BrokenMarkersException("two lvmops managed blocks");
        }
        return new Range(begin, after);
    }

    /** The block's current text (markers included), or null when the file has none. */
    public static String current(String file) throws BrokenMarkersException {
        Range r = find(file);
        return r == null ? null : file.substring(r.start(), r.end());
    }

    /** The file's text outside the block, as a person wrote it. */
    public static String foreign(String file) throws BrokenMarkersException {
        if (file == null) {
            return "";
        }
        Range r = find(file);
        return r == null ? file : file.substring(0, r.start()) + file.substring(r.end());
    }

    /**
     * The file with its block set to {@code body} (lines without the markers), or removed when {@code body} is null.
     *
     * @param file null when the file does not exist
     */
    public static String rewrite(String file, String body) throws BrokenMarkersException {
        String block = body == null ? "" : BEGIN + "\n" + (body.endsWith("\n") || body.isEmpty() ? body : body + "\n")
                + END + "\n";
        if (file == null) {
            return body == null ? null : block;
        }
        Range r = find(file);
        if (r != null) {
            return file.substring(0, r.start()) + block + file.substring(r.end());
        }
        if (body == null) {
            return file;
        }
        return file + (file.isEmpty() || file.endsWith("\n") ? "" : "\n") + block;
    }

    private static int lineStartingWith(String text, String prefix, int from) {
        int i = from;
        while (i <= text.length()) {
            if (text.startsWith(prefix, i)) {
                return i;
            }
            int nl = text.indexOf('\n', i);
            if (nl < 0) {
                return -1;
            }
            i = nl + 1;
        }
        return -1;
    }
}
