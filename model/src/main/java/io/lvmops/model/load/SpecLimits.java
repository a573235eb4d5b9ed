package io.lvmops.model.load;

/**
 * The size limits of a spec file (and of the daemon's configuration), checked by one cheap linear scan before a YAML
 * parser sees the text: a spec is a few kilobytes, and a parser fed a huge file or line spends memory and (for a
 * long line) quadratic time before it finds anything wrong.
 */
public final class SpecLimits {
    /** 1 MiB. */
    public static final int MAX_BYTES = 1 << 20;
    /** 64 KiB. */
    public static final int MAX_LINE_BYTES = 64 << 10;

    private SpecLimits() {
    }

    /** The problem with a file of {@code bytes} bytes, known before reading it; null when it is small enough. */
    public static SpecError sizeProblem(String file, long bytes) {
        if (bytes > MAX_BYTES) {
            return new SpecError(file, 0, 0, "", "the file is " + describe(bytes) + "; a spec file may be at most 1 MiB"
                    + " (refused before parsing)");
        }
        return null;
    }

    /** The first limit {@code text} breaks (its size, else its first over-long line), or null. Linear, no copy. */
    public static SpecError problem(String file, String text) {
        long bytes = 0;
        long lineBytes = 0;
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int size = c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3; // a surrogate pair is 4
            bytes += size;
            if (c == '\n') {
                line++;
                lineBytes = 0;
            } else {
                lineBytes += size;
                if (lineBytes > MAX_LINE_BYTES) {
                    return new SpecError(file, line, 1, "", "line " + line + " is longer than 64 KiB; a spec line may"
                            + " be at most 64 KiB (refused before parsing)");
                }
            }
            if (bytes > MAX_BYTES) {
                return sizeProblem(file, utf8Length(text));
            }
        }
        return null;
    }

    private static long utf8Length(String text) {
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return n;
    }

    private static String describe(long bytes) {
        return bytes >= 10L << 20 ? (bytes >> 20) + " MiB" : bytes >= 1 << 20
                ? String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0) : bytes + " bytes";
    }
}
