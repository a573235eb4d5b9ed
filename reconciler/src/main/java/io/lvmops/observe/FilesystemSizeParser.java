package io.lvmops.observe;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a filesystem's size from what observe.sh's {@code fs.N} sections print: {@code dumpe2fs -h DEV} for ext4
 * (the superblock's "Key: value" lines), {@code xfs_info DEV} for xfs (its "data = bsize=B blocks=N" line). Empty
 * when the output is not what it should be: the size is then unknown, never guessed.
 */
public final class FilesystemSizeParser {
    /** resize2fs and mke2fs drop a last block group smaller than its bookkeeping plus this many blocks. */
    static final long EXT4_LAST_GROUP_MARGIN = 50;
    /** XFS_AG_MIN_BYTES: mkfs.xfs drops a last allocation group smaller than this; xfs_growfs one under 64 blocks. */
    static final long XFS_MIN_AG_BYTES = 16L << 20;
    private static final Pattern XFS_DATA = Pattern.compile(
            "^data\\s*=.*?\\bbsize=(\\d+)\\s+blocks=(\\d+)", Pattern.MULTILINE);

    private FilesystemSizeParser() {
    }

    /** @param type the spec's filesystem type ("ext4" or "xfs"): it chose the tool whose output this is */
    public static Optional<ObservedFilesystem> parse(String type, String out) {
        return switch (type) {
            case "ext4" -> ext4(out);
            case "xfs" -> xfs(out);
            default -> Optional.empty();
        };
    }

    /**
     * ext4 from {@code dumpe2fs -h}. The tail bound is the one resize2fs and mke2fs apply to the last block group
     * (adjust_fs_info / ext2fs_initialize): dropped when it has fewer than 2 bitmaps + the inode table + (if it holds
     * a superblock backup) 1 + descriptor blocks + reserved GDT blocks, plus 50 blocks. It counts the backup
     * always, one descriptor block more than this size needs (the LV may hold one group more) and one block for an
     * LV that is not a whole number of blocks; it never exceeds one block group.
     */
    static Optional<ObservedFilesystem> ext4(String out) {
        Map<String, String> f = new HashMap<>();
        for (String line : out.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                f.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        Long blocks = number(f.get("Block count"));
        Long blockSize = number(f.get("Block size"));
        Long perGroup = number(f.get("Blocks per group"));
        Long inodeBlocks = number(f.get("Inode blocks per group"));
        if (blocks == null || blockSize == null || perGroup == null || inodeBlocks == null || blocks <= 0
                || blockSize <= 0 || perGroup <= 0) {
            return Optional.empty();
        }
        long firstBlock = Optional.ofNullable(number(f.get("First block"))).orElse(0L);
        long reservedGdt = Optional.ofNullable(number(f.get("Reserved GDT blocks"))).orElse(0L);
        // "Group descriptor size" is printed for 64bit filesystems only; the others have 32-byte descriptors
        long descSize = Optional.ofNullable(number(f.get("Group descriptor size"))).orElse(32L);
        long groups = ceilDiv(blocks - firstBlock, perGroup) + 1;
        long descBlocks = ceilDiv(groups, Math.max(1, blockSize / descSize));
        long lastGroupBound = Math.min(perGroup, 3 + inodeBlocks + descBlocks + reservedGdt + EXT4_LAST_GROUP_MARGIN);
        return Optional.of(new ObservedFilesystem("ext4", blocks * blockSize, (lastGroupBound + 1) * blockSize));
    }

    /** xfs from {@code xfs_info}: the data section's block size and block count (an internal log is inside). */
    static Optional<ObservedFilesystem> xfs(String out) {
        Matcher m = XFS_DATA.matcher(out);
        if (!m.find()) {
            return Optional.empty();
        }
        long blockSize = Long.parseLong(m.group(1));
        long blocks = Long.parseLong(m.group(2));
        if (blockSize <= 0 || blocks <= 0) {
            return Optional.empty();
        }
        return Optional.of(new ObservedFilesystem("xfs", blocks * blockSize, Math.max(XFS_MIN_AG_BYTES,
                64 * blockSize)));
    }

    private static Long number(String s) {
        if (s == null) {
            return null;
        }
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        if (end == 0 || end > 18) {
            return null;
        }
        return Long.parseLong(s.substring(0, end));
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
