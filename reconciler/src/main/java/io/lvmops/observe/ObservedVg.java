package io.lvmops.observe;

import java.util.List;

/**
 * @param lockType       "" for a local VG, "sanlock" or "dlm" for a shared one
 * @param autoactivation null when this LVM does not report it
 */
public record ObservedVg(String name, String uuid, long sizeBytes, long freeBytes, long extentSizeBytes,
                         List<String> pvNames, List<String> tags, String lockType, Boolean autoactivation) {
    public ObservedVg {
        pvNames = List.copyOf(pvNames == null ? List.of() : pvNames);
        tags = List.copyOf(tags == null ? List.of() : tags);
        lockType = lockType == null ? "" : lockType;
    }
}
