package io.lvmops.observe;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code dmsetup info -c --noheadings --separator '|' -o name,uuid,open}. The name is read from the left of
 * the last two separators, so a name containing '|' survives; "No devices found" means none.
 */
public final class DmsetupParser {
    private DmsetupParser() {
    }

    public static List<DmDevice> parse(String out) throws LvmReportException {
        return parse(out, '|');
    }

    /** With dmsetup's default separator ':' or the '|' observe.sh asks for. */
    public static List<DmDevice> parse(String out, char separator) throws LvmReportException {
        List<DmDevice> devices = new ArrayList<>();
        String[] lines = out.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.equals("No devices found")) {
                continue;
            }
            int openSep = line.lastIndexOf(separator);
            int uuidSep = openSep < 0 ? -1 : line.lastIndexOf(separator, openSep - 1);
            if (uuidSep < 0) {
                throw new LvmReportException("dmsetup info line " + (i + 1) + " is not name" + separator + "uuid" + separator + "open: '" + line + "'");
            }
            int open;
            try {
                open = Integer.parseInt(line.substring(openSep + 1).strip());
            } catch (NumberFormatException e) {
                throw new LvmReportException("dmsetup info line " + (i + 1) + ": open count '"
                        + line.substring(openSep + 1) + "' is not a number");
            }
            devices.add(new DmDevice(line.substring(0, uuidSep), line.substring(uuidSep + 1, openSep), open));
        }
        return devices;
    }
}
