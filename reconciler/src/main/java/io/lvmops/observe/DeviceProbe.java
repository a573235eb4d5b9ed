package io.lvmops.observe;

/**
 * A block device probed on a node.
 *
 * @param exists        whether the path exists as a block device there
 * @param signatureType what {@code blkid -p} found on it ("LVM2_member", "ext4", "xfs", ...), "" when blank, null
 *                      when not probed (missing, or not safe to probe)
 * @param sizeBytes     the device's size, 0 when unknown
 */
public record DeviceProbe(String path, boolean exists, String signatureType, long sizeBytes) {
    public boolean blank() {
        return exists && signatureType != null && signatureType.isEmpty();
    }
}
