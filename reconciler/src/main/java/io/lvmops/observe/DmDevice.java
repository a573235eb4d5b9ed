package io.lvmops.observe;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A device-mapper device as {@code dmsetup info} lists it; {@code uuid} starts with "LVM-" for LVs.
 *
 * @param devno "major:minor", as the mount table names the device a filesystem is on; null when not reported
 *              (snapshots written before lvmops read it)
 */
public record DmDevice(String name, String uuid, int openCount,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String devno) {
    public DmDevice(String name, String uuid, int openCount) {
        this(name, uuid, openCount, null);
    }
}
