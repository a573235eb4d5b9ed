package io.lvmops.observe;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.lvmops.model.Wwid;

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
 * @param identity      what the device under the path is, as the node read it: its device-mapper UUID (a multipath
 *                      map's is {@code mpath-<WWID>}), else the disk's SCSI WWID ({@code naa.<hex>}), else
 *                      {@code serial:<udev ID_SERIAL>}; null when unknown or not read (a managed LV's path, or a
 *                      snapshot from before lvmops read identities: left out of snapshots and fingerprints then)
 * @param pvUuid        the PV UUID blkid read from the LVM label, null when none (or not read)
 */
public record DeviceProbe(String path, boolean exists, String signatureType, long sizeBytes,
                          @JsonInclude(JsonInclude.Include.NON_NULL) ObservedFilesystem filesystem,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String identity,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String pvUuid) {
    public DeviceProbe(String path, boolean exists, String signatureType, long sizeBytes) {
        this(path, exists, signatureType, sizeBytes, null);
    }

    public DeviceProbe(String path, boolean exists, String signatureType, long sizeBytes,
                       ObservedFilesystem filesystem) {
        this(path, exists, signatureType, sizeBytes, filesystem, null, null);
    }

    public boolean blank() {
        return exists && signatureType != null && signatureType.isEmpty();
    }

    public DeviceProbe withFilesystem(ObservedFilesystem fs) {
        return new DeviceProbe(path, exists, signatureType, sizeBytes, fs, identity, pvUuid);
    }

    public DeviceProbe withIdentity(String identity, String pvUuid) {
        return new DeviceProbe(path, exists, signatureType, sizeBytes, filesystem, identity, pvUuid);
    }

    /**
     * The identity in the form compared across nodes and with a spec's {@code wwid}: a WWID normalised by
     * {@link Wwid} (so a multipath map and a plain SCSI disk of the same LUN compare equal), else the identity as
     * read; null when unknown.
     */
    @JsonIgnore
    public String comparableIdentity() {
        if (identity == null) {
            return null;
        }
        String wwid = Wwid.normalize(identity.startsWith("serial:") ? identity.substring(7) : identity);
        return wwid != null ? wwid : identity;
    }
}
