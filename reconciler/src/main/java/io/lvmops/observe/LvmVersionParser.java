package io.lvmops.observe;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the version out of {@code lvm version} ("  LVM version:     2.03.16(2) (2022-05-18)"). */
public final class LvmVersionParser {
    private static final Pattern VERSION = Pattern.compile("(?m)^\\s*LVM version:\\s*([0-9]+(?:\\.[0-9]+)*)");

    private LvmVersionParser() {
    }

    public static Optional<String> parse(String out) {
        Matcher m = VERSION.matcher(out);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Whether this LVM has JSON reports and fullreport (2.02.158 and later), as observe.sh decides too. */
    public static boolean hasJsonReport(String version) {
        String[] p = version.split("\\.");
        int[] v = new int[3];
        for (int i = 0; i < 3 && i < p.length; i++) {
            v[i] = Integer.parseInt(p[i]);
        }
        return v[0] > 2 || (v[0] == 2 && (v[1] > 2 || (v[1] == 2 && v[2] >= 158)));
    }
}
