package io.lvmops.observe;

/** One line of the node's mount table. */
public record MountEntry(String source, String mountPoint, String fsType) {
}
