package io.lvmops.observe;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A block device probed on a node.
 *
 * @param exists        whether the path exists as a block device there
 * @param signatureType what {@code blkid -p} found on it ("LVM2_member", "ext4", "xfs", ...), "" when blank, null
 *                      when not probed (missing, or not safe to probe)
 * @param sizeBytes     the device's size, 0 when unknown (for an LV: its device-mapper table on this node, which
 *                      lags behind the LV's size until a refresh when another node extended it)
 * @param filesystem    the filesystem's own size, for an LV the spec gives a filesystem and that is active here;
 *                      null when unknown or not probed (left out of snapshots and fingerprints then, so that they
 *                      stay what they were before lvmops read filesystem sizes)
 */
public record DeviceProbe(String path, boolean exists, String signatureType, long sizeBytes,
                          @JsonInclude(JsonInclude.Include.NON_NULL) ObservedFilesystem filesystem) {
    public DeviceProbe(String path, boolean exists, String signatureType, long sizeBytes) {
        this(path, exists, signatureType, sizeBytes, null);
    }

    public boolean blank() {
        return exists && signatureType != null && signatureType.isEmpty();
    }

    public DeviceProbe withFilesystem(ObservedFilesystem fs) {
        return new DeviceProbe(path, exists, signatureType, sizeBytes, fs);
    }
}
