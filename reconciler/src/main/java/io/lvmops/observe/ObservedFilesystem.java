package io.lvmops.observe;

/**
 * A filesystem's own idea of its size, read from its superblock on the node where its LV is active. The LV can be
 * bigger: an apply that stopped (or was killed) between {@code lvextend} and the filesystem grow leaves it so, and
 * only this tells the next plan.
 *
 * @param type      "ext4" or "xfs"
 * @param sizeBytes block count × block size (the whole filesystem, its own bookkeeping included)
 * @param tailBytes how far short of its device this filesystem may stay even after a complete grow: resize2fs and
 *                  mke2fs leave off a last block group too small for its own bookkeeping, mkfs.xfs a last allocation
 *                  group under 16 MiB; the planner grows only a filesystem shorter than its LV by more than this
 */
public record ObservedFilesystem(String type, long sizeBytes, long tailBytes) {
    public ObservedFilesystem {
        if (sizeBytes <= 0 || tailBytes < 0) {
            throw new IllegalArgumentException("filesystem size " + sizeBytes + " / tail " + tailBytes);
        }
    }

    /** Whether this filesystem does not fill a device of {@code deviceBytes}: growing it would gain space. */
    public boolean shortOf(long deviceBytes) {
        return deviceBytes - sizeBytes > tailBytes;
    }
}
