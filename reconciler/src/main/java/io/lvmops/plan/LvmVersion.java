package io.lvmops.plan;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** LVM's version as {@code lvm version} prints it, e.g. {@code 2.03.16(2) (2022-05-18)}. */
record LvmVersion(int major, int minor, int patch) implements Comparable<LvmVersion> {
    /** First LVM with {@code --setautoactivation} and the {@code autoactivation} report fields. */
    static final LvmVersion SETAUTOACTIVATION = new LvmVersion(2, 3, 12);
    /** LVM 2.03 removed lvmetad: from then on every command scans the devices itself (we also pass hints=none). */
    static final LvmVersion WITHOUT_LVMETAD = new LvmVersion(2, 3, 0);
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

    /** Null when the text is null or has no version in it. */
    static LvmVersion parse(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = VERSION.matcher(text);
        if (!m.find()) {
            return null;
        }
        return new LvmVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    static boolean supportsSetAutoactivation(String text) {
        LvmVersion v = parse(text);
        return v != null && v.compareTo(SETAUTOACTIVATION) >= 0;
    }

    /** Whether a node's LVM may cache device state in lvmetad (2.02), so a rescan must follow a change elsewhere. */
    static boolean mayCacheDevices(String text) {
        LvmVersion v = parse(text);
        return v == null || v.compareTo(WITHOUT_LVMETAD) < 0;
    }

    @Override
    public int compareTo(LvmVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c == 0 ? Integer.compare(patch, o.patch) : c;
    }
}
