package io.lvmops.observe;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of the node's mount table.
 *
 * @param devno "major:minor" of the mounted device (mountinfo's third field): what really backs the mount, whatever
 *              path it was mounted by; null when not known (snapshots written before lvmops read it)
 */
public record MountEntry(String source, String mountPoint, String fsType,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String devno) {
    public MountEntry(String source, String mountPoint, String fsType) {
        this(source, mountPoint, fsType, null);
    }
}
