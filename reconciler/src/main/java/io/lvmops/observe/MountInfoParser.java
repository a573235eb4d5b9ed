package io.lvmops.observe;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code /proc/self/mountinfo} (proc(5)): "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE
 * SOURCE SUPEROPTIONS". The kernel escapes space, tab, newline and backslash in paths as octal ({@code \040}).
 */
public final class MountInfoParser {
    private MountInfoParser() {
    }

    public static List<MountEntry> parse(String out) {
        List<MountEntry> mounts = new ArrayList<>();
        String[] lines = out.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.strip().split(" ");
            int dash = indexOfSeparator(f);
            if (dash < 6 || dash + 2 >= f.length) {
                // the kernel writes every line in this shape: a garbled one could hide a mount, so none is trusted
                throw new IllegalArgumentException("mountinfo line " + (i + 1) + " is not a mount: '"
                        + (line.length() <= 80 ? line : line.substring(0, 77) + "...") + "'");
            }
            mounts.add(new MountEntry(unescape(f[dash + 2]), unescape(f[4]), unescape(f[dash + 1]), f[2]));
        }
        return mounts;
    }

    private static int indexOfSeparator(String[] f) {
        for (int i = 6; i < f.length; i++) {
            if (f[i].equals("-")) {
                return i;
            }
        }
        return -1;
    }

    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length() || s.charAt(from) > '3') {
            return false; // \ooo is one byte: at most \377
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
