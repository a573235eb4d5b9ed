package io.lvmops.observe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads one probe section of {@code observe.sh}: its own {@code lvmops_exists=0|1} and {@code lvmops_size=BYTES}
 * lines, then {@code blkid -p -o export DEV}'s KEY=value lines. blkid -p exits 0 when it found a signature, 2 when
 * it found nothing (blank device); anything else (8: ambivalent, several signatures) leaves the type unknown.
 */
public final class BlkidParser {
    /** blkid's exit code when it finds no signature on a device. */
    public static final int NOTHING_FOUND = 2;
    /** blkid -o export escapes spaces and specials with a backslash. */
    private static final Pattern ESCAPED = Pattern.compile("\\\\(.)");

    private BlkidParser() {
    }

    /** One probe section: observe.sh checks existence itself, since blkid exits 2 for a missing device too. */
    public static DeviceProbe parse(String path, String out, int exitCode) {
        Map<String, String> kv = exportPairs(out);
        if (!"1".equals(kv.get("lvmops_exists"))) {
            return new DeviceProbe(path, false, null, 0);
        }
        String type = signatureType(kv, exitCode);
        return new DeviceProbe(path, true, type, parseSize(kv.get("lvmops_size")))
                .withIdentity(identity(kv), "LVM2_member".equals(type) ? emptyToNull(kv.get("UUID")) : null);
    }

    /** observe.sh's identity lines: the device-mapper UUID, else the SCSI WWID, else udev's serial; null if none. */
    private static String identity(Map<String, String> kv) {
        String dm = emptyToNull(kv.get("lvmops_dm_uuid"));
        if (dm != null) {
            return dm;
        }
        String wwid = emptyToNull(kv.get("lvmops_wwid"));
        if (wwid != null) {
            return wwid;
        }
        String serial = emptyToNull(kv.get("lvmops_serial"));
        return serial == null ? null : "serial:" + serial;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /**
     * The signature {@code blkid -p -o export} found on an existing device: its TYPE (PTTYPE for a partition
     * table), "" for none, null when blkid could not tell.
     */
    public static String signatureType(String blkidExport, int exitCode) {
        return signatureType(exitCode == 0 ? exportPairs(blkidExport) : Map.of(), exitCode);
    }

    private static String signatureType(Map<String, String> kv, int exitCode) {
        if (exitCode == NOTHING_FOUND) {
            return "";
        }
        if (exitCode != 0) {
            return null;
        }
        String type = kv.getOrDefault("TYPE", kv.getOrDefault("PTTYPE", "unknown"));
        if (!SIGNATURE_NAME.matcher(type).matches()) {
            throw new IllegalArgumentException("blkid TYPE '" + type + "' is not a signature name");
        }
        return type;
    }

    static Map<String, String> exportPairs(String out) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                String key = line.substring(0, eq);
                String value = line.substring(eq + 1);
                value = value.indexOf('\\') < 0 ? value : ESCAPED.matcher(value).replaceAll("$1");
                // observe.sh's own lvmops_* lines come first; nothing blkid prints after them (a label, say) may
                // overwrite what the script said about existence, size or identity
                if (key.startsWith("lvmops_")) {
                    kv.putIfAbsent(key, value);
                } else {
                    kv.put(key, value);
                }
            }
        }
        return kv;
    }

    /**
     * observe.sh prints {@code lvmops_size} itself, from blockdev, 0 when that fails: anything but a non-negative
     * number of bytes means the output is not what the script printed, and the node's state is unknown.
     */
    private static long parseSize(String s) {
        if (s == null) {
            return 0; // unknown
        }
        try {
            long bytes = Long.parseLong(s.strip());
            if (bytes >= 0) {
                return bytes;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("lvmops_size '" + s + "' is not a number of bytes");
    }

    /** blkid names signatures from its own table (ext4, LVM2_member, crypto_LUKS, dos...): nothing else is one. */
    private static final Pattern SIGNATURE_NAME = Pattern.compile("[A-Za-z0-9_.+-]{1,64}");
}
