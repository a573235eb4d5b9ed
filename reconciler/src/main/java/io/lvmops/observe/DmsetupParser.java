package io.lvmops.observe;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code dmsetup info -c --noheadings --separator '|' -o name,uuid,open,major,minor} (and the older
 * {@code -o name,uuid,open} of captures and snapshots made before lvmops read the device numbers). Fields are read
 * from the right, so a name containing the separator survives; "No devices found" means none.
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
            devices.add(parseLine(line, separator, i + 1));
        }
        return devices;
    }

    private static DmDevice parseLine(String line, char separator, int lineNo) throws LvmReportException {
        // name|uuid|open|major|minor: the last three are numbers; an older capture ends at open
        int minorSep = line.lastIndexOf(separator);
        int majorSep = minorSep < 0 ? -1 : line.lastIndexOf(separator, minorSep - 1);
        int openSep = majorSep < 0 ? -1 : line.lastIndexOf(separator, majorSep - 1);
        int uuidSep = openSep < 0 ? -1 : line.lastIndexOf(separator, openSep - 1);
        if (uuidSep >= 0 && isNumber(line.substring(openSep + 1, majorSep))
                && isNumber(line.substring(majorSep + 1, minorSep)) && isNumber(line.substring(minorSep + 1))) {
            return new DmDevice(line.substring(0, uuidSep), line.substring(uuidSep + 1, openSep),
                    Integer.parseInt(line.substring(openSep + 1, majorSep).strip()),
                    line.substring(majorSep + 1, minorSep).strip() + ":" + line.substring(minorSep + 1).strip());
        }
        openSep = line.lastIndexOf(separator);
        uuidSep = openSep < 0 ? -1 : line.lastIndexOf(separator, openSep - 1);
        if (uuidSep < 0) {
            throw new LvmReportException("dmsetup info line " + lineNo + " is not name" + separator + "uuid"
                    + separator + "open" + separator + "major" + separator + "minor: '" + line + "'");
        }
        String open = line.substring(openSep + 1).strip();
        if (!isNumber(open)) {
            throw new LvmReportException("dmsetup info line " + lineNo + ": open count '" + open
                    + "' is not a number");
        }
        return new DmDevice(line.substring(0, uuidSep), line.substring(uuidSep + 1, openSep), Integer.parseInt(open));
    }

    private static boolean isNumber(String s) {
        String t = s.strip();
        if (t.isEmpty() || t.length() > 9) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
