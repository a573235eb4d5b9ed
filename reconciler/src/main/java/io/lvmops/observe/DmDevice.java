package io.lvmops.observe;

/** A device-mapper device as {@code dmsetup info} lists it; {@code uuid} starts with "LVM-" for LVs. */
public record DmDevice(String name, String uuid, int openCount) {
}
