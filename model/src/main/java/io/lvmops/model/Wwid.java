package io.lvmops.model;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A SCSI device identifier (WWID) in the one form lvmops compares: the form multipath and {@code scsi_id} print,
 * lower-case, the SCSI designator type digit first ({@code 3} NAA, {@code 2} EUI-64), e.g.
 * {@code 360000000000000000e00000000010001}. Accepted spellings, all normalised to that form:
 * <ul>
 *   <li>{@code 3600...} as multipath(8), {@code scsi_id} and udev's {@code ID_SERIAL} print it;</li>
 *   <li>{@code mpath-3600...}: a multipath map's device-mapper UUID;</li>
 *   <li>{@code naa.600...} / {@code eui.00...}: the kernel's {@code /sys/block/sdX/device/wwid};</li>
 *   <li>{@code wwn-0x600...} / {@code 0x600...}: a {@code /dev/disk/by-id/wwn-} link name (NAA).</li>
 * </ul>
 */
public final class Wwid {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{8,64}");

    private Wwid() {
    }

    /** The normalised WWID, or null when {@code text} is none of the accepted spellings. */
    public static String normalize(String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("mpath-")) {
            s = s.substring("mpath-".length());
        } else if (s.startsWith("naa.")) {
            s = "3" + s.substring("naa.".length());
        } else if (s.startsWith("eui.")) {
            s = "2" + s.substring("eui.".length());
        } else if (s.startsWith("wwn-0x")) {
            s = "3" + s.substring("wwn-0x".length());
        } else if (s.startsWith("0x")) {
            s = "3" + s.substring("0x".length());
        }
        return HEX.matcher(s).matches() ? s : null;
    }

    /** Why {@code text} is not a WWID lvmops accepts, or null when it is one. */
    public static String problem(String text) {
        return normalize(text) != null ? null : "'" + text + "' is not a WWID: give it as multipath prints it "
                + "(e.g. 360000000000000000e00000000010001), or as naa.<hex>, eui.<hex>, mpath-<hex> or wwn-0x<hex>";
    }
}
