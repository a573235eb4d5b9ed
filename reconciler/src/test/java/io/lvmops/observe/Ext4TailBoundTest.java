package io.lvmops.observe;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The ext4 tail bound against the real e2fsprogs of this host (the lab nodes run the same binaries): mkfs.ext4 on a
 * sparse file, the file grown to a size whose last block group is just too small (dropped by resize2fs) or just big
 * enough (kept), resize2fs, then dumpe2fs -h read by the parser. A fully grown filesystem must never look short of
 * its device (the plan would grow it forever), and one that was not grown must, unless the growth is within the
 * tail that resize2fs itself would leave off.
 */
class Ext4TailBoundTest {
    private static final long MIB = 1L << 20;

    @ParameterizedTest(name = "{0} MiB mkfs, grown to {1} groups + {2} blocks of {3}")
    @CsvSource({
            // 4 KiB blocks, 32768 per group; group 9 holds a superblock backup (dropped below 693 blocks), group 10
            // does not (dropped below 564)
            "1024, 9, 692, 4096", "1024, 9, 693, 4096", "1024, 10, 563, 4096", "1024, 10, 564, 4096",
            "1024, 8, 1024, 4096",
            // Debian's "small" type: 1 KiB blocks, 8192 per group (first data block 1); group 25 holds a backup
            // (dropped up to 822 blocks: 255 reserved GDT blocks, 2 descriptor blocks), group 26 does not (seen
            // dropped with 564 blocks, kept with 580)
            "128, 25, 822, 1024", "128, 25, 823, 1024", "128, 26, 563, 1024", "128, 26, 564, 1024",
            // seen: here resize2fs leaves one block off the end of the device
            "128, 26, 1000, 1024"})
    void aGrownFilesystemNeverLooksShort(long mkfsMib, long groups, long remBlocks, long blockSize,
                                        @TempDir Path dir) throws Exception {
        assumeTrue(tool("mkfs.ext4") != null && tool("resize2fs") != null && tool("dumpe2fs") != null,
                "e2fsprogs not installed");
        Path img = dir.resolve("ext4.img");
        setLength(img, mkfsMib * MIB);
        run("mkfs.ext4", "-q", "-F", img.toString());
        ObservedFilesystem before = parse(img);
        long perGroup = blockSize * 8; // one bitmap block's bits
        long firstBlock = blockSize == 1024 ? 1 : 0;
        long target = (firstBlock + groups * perGroup + remBlocks) * blockSize;
        assumeTrue(target > before.sizeBytes(), "the case grows the filesystem");

        setLength(img, target);
        run("resize2fs", img.toString());
        ObservedFilesystem after = parse(img);
        System.out.printf("ext4 %d-byte blocks: device %d, after resize2fs %d (%d blocks left off), tail bound %d%n",
                blockSize, target, after.sizeBytes(), (target - after.sizeBytes()) / blockSize,
                after.tailBytes() / blockSize);

        assertThat(after.shortOf(target)).as("after resize2fs: %d of %d bytes, tail %d", after.sizeBytes(), target,
                after.tailBytes()).isFalse();
        assertThat(before.shortOf(target)).as("before resize2fs: %d of %d bytes", before.sizeBytes(), target)
                .isEqualTo(target - before.sizeBytes() > before.tailBytes());
        assertThat(target - before.sizeBytes()).as("every case grows by more than the tail").isGreaterThan(
                before.tailBytes());
        assertThat(before.shortOf(target)).isTrue();
    }

    private static ObservedFilesystem parse(Path img) throws Exception {
        return FilesystemSizeParser.parse("ext4", run("dumpe2fs", "-h", img.toString())).orElseThrow();
    }

    private static void setLength(Path file, long bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(bytes);
        }
    }

    private static String tool(String name) {
        for (String d : new String[] {"/usr/sbin", "/sbin", "/usr/bin", "/bin"}) {
            if (Files.isExecutable(Path.of(d, name))) {
                return d + "/" + name;
            }
        }
        return null;
    }

    private static String run(String name, String... args) throws Exception {
        String[] argv = new String[args.length + 1];
        argv[0] = tool(name);
        System.arraycopy(args, 0, argv, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(false);
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertThat(p.waitFor()).as("%s: %s", String.join(" ", argv), err).isZero();
        return out;
    }
}
