package io.lvmops.observe;

import java.util.List;

/**
 * An LV as one node sees it. {@code active} and {@code open} describe this node only: LVM has no idea what other
 * nodes do with the same LV, which is the whole problem lvmops solves.
 *
 * @param dmPath         e.g. /dev/mapper/vg0-lv01 (LVM doubles dashes inside names)
 * @param autoactivation null when this LVM does not report it
 * @param lockArgs       lvmlockd's lock arguments ("" for a local VG)
 */
public record ObservedLv(String vg, String name, String uuid, long sizeBytes, LvAttr attr, boolean active,
                         boolean open, List<String> tags, String path, String dmPath, Boolean autoactivation,
                         String lockArgs) {
    public ObservedLv {
        tags = List.copyOf(tags == null ? List.of() : tags);
        lockArgs = lockArgs == null ? "" : lockArgs;
        path = path == null || path.isEmpty() ? "/dev/" + vg + "/" + name : path;
        dmPath = dmPath == null || dmPath.isEmpty() ? "/dev/mapper/" + dmName(vg, name) : dmPath;
    }

    public String fullName() {
        return vg + "/" + name;
    }

    /** Whether a device path (as a mount table shows it) names this LV. */
    public boolean isDevice(String device) {
        return device != null && (device.equals(path) || device.equals(dmPath)
                || device.equals("/dev/mapper/" + dmName(vg, name)) || device.equals("/dev/" + vg + "/" + name));
    }

    /** device-mapper's name for an LV: dashes inside each part doubled, joined by one dash. */
    public static String dmName(String vg, String lv) {
        return vg.replace("-", "--") + "-" + lv.replace("-", "--");
    }
}
