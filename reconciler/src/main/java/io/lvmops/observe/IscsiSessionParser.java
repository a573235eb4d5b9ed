package io.lvmops.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code iscsiadm -m session}: {@code tcp: [1] 10.0.2.2:3260,1 iqn.2016-11.com.test:block-a (non-flash)}.
 * The portal loses its ",TPGT" suffix. iscsiadm exits 21 with "No active sessions." on stderr when there are none.
 */
public final class IscsiSessionParser {
    /** iscsiadm's exit code for "no active sessions" (ISCSI_ERR_NO_OBJS_FOUND). */
    public static final int NO_SESSIONS = 21;
    private static final Pattern LINE =
            Pattern.compile("^\\S+:\\s+\\[\\d+\\]\\s+(\\S+?)(?:,\\d+)?\\s+(\\S+)(?:\\s+\\(.*\\))?\\s*$");

    private IscsiSessionParser() {
    }

    public static List<IscsiSession> parse(String out) {
        List<IscsiSession> sessions = new ArrayList<>();
        for (String line : out.split("\n")) {
            Matcher m = LINE.matcher(line.strip());
            if (m.matches()) {
                sessions.add(new IscsiSession(m.group(1), m.group(2)));
            }
        }
        return sessions;
    }
}
