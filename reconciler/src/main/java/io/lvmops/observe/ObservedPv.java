package io.lvmops.observe;

/** @param vg the VG the PV belongs to, or "" for an orphan PV */
public record ObservedPv(String name, String uuid, String vg, long sizeBytes, long freeBytes) {
}
