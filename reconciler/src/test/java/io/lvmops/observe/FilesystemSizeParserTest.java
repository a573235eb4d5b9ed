package io.lvmops.observe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On real outputs of the lab nodes (lab/capture-fs-fixtures): fs1 = 1G filesystems on 1G LVs, fs2 = the LVs
 * extended by hand with no filesystem grow (an apply stopped after lvextend), fs3 = grown again by hand.
 */
class FilesystemSizeParserTest {
    private static final long G = 1L << 30;
    private static final long M = 1L << 20;

    private static ObservedFilesystem ext4(String fixture) {
        assertThat(Fixtures.exitCode("lab/" + fixture)).isZero();
        return FilesystemSizeParser.parse("ext4", Fixtures.text("lab/" + fixture + ".txt")).orElseThrow();
    }

    private static ObservedFilesystem xfs(String fixture) {
        assertThat(Fixtures.exitCode("lab/" + fixture)).isZero();
        return FilesystemSizeParser.parse("xfs", Fixtures.text("lab/" + fixture + ".txt")).orElseThrow();
    }

    @Test
    void ext4SizeIsBlockCountTimesBlockSize() {
        ObservedFilesystem grown = ext4("fs1-node1-dumpe2fs-lv01");
        assertThat(grown.type()).isEqualTo("ext4");
        assertThat(grown.sizeBytes()).isEqualTo(262144L * 4096).isEqualTo(G);
        // the last-group bound of this filesystem: 3 + 512 inode-table blocks + 1 descriptor block + 127 reserved
        // GDT blocks + 50, plus one block for an LV that is not a whole number of blocks
        assertThat(grown.tailBytes()).isEqualTo((3 + 512 + 1 + 127 + 50 + 1) * 4096L);
        assertThat(grown.shortOf(G)).isFalse();

        ObservedFilesystem interrupted = ext4("fs2-node1-dumpe2fs-lv01");
        assertThat(interrupted.sizeBytes()).isEqualTo(G);
        long lvBytes = Long.parseLong(Fixtures.text("lab/fs2-node1-blockdev.txt").lines()
                .filter(l -> l.startsWith("/dev/vg0/lv01 ")).findFirst().orElseThrow().split(" ")[1]);
        assertThat(lvBytes).isEqualTo(2 * G);
        assertThat(interrupted.shortOf(lvBytes)).as("1G filesystem on a 2G LV").isTrue();

        ObservedFilesystem regrown = ext4("fs3-node1-dumpe2fs-lv01");
        assertThat(regrown.sizeBytes()).isEqualTo(524288L * 4096).isEqualTo(2 * G);
        assertThat(regrown.shortOf(2 * G)).isFalse();
    }

    @Test
    void dfWouldNotDoForExt4_itLeavesTheBookkeepingOut() {
        // why the probe reads the superblock: statfs (df) of the fully grown 2G ext4 is ~100 MiB short of its LV,
        // as much as a real interrupted grow of a few extents would be
        String df = Fixtures.text("lab/fs3-node1-df-lv01.txt").lines().skip(1).findFirst().orElseThrow();
        long dfBytes = Long.parseLong(df.trim().split("\\s+")[1]);
        assertThat(2 * G - dfBytes).isGreaterThan(64 * M);
        assertThat(ext4("fs3-node1-dumpe2fs-lv01").sizeBytes()).isEqualTo(2 * G);
    }

    @Test
    void xfsSizeIsTheDataSectionsBlocksTimesBlockSize() {
        ObservedFilesystem grown = xfs("fs1-node2-xfs_info-lv02");
        assertThat(grown.type()).isEqualTo("xfs");
        assertThat(grown.sizeBytes()).isEqualTo(262144L * 4096).isEqualTo(G);
        assertThat(grown.tailBytes()).isEqualTo(16 * M);

        ObservedFilesystem interrupted = xfs("fs2-node2-xfs_info-lv02");
        assertThat(interrupted.sizeBytes()).isEqualTo(G);
        assertThat(interrupted.shortOf(1536 * M)).isTrue();

        ObservedFilesystem regrown = xfs("fs3-node2-xfs_info-lv02");
        assertThat(regrown.sizeBytes()).isEqualTo(393216L * 4096).isEqualTo(1536 * M);
        assertThat(regrown.shortOf(1536 * M)).isFalse();
    }

    @Test
    void anythingElseIsUnknownNotZero() throws Exception {
        ObserveOutput blank = ObserveOutput.parse(Fixtures.text("lab/fs2-node1-observe.txt"), "fixture");
        // dumpe2fs -h of the blank lv03: "Couldn't find valid filesystem superblock." (exit 19)
        ObserveOutput.Section fs2 = blank.section("fs.2").orElseThrow();
        assertThat(fs2.exitCode()).isEqualTo(19);
        assertThat(FilesystemSizeParser.parse("ext4", fs2.stdout())).isEmpty();
        // the other tool's output, df's, or nothing
        assertThat(FilesystemSizeParser.parse("ext4", Fixtures.text("lab/fs1-node2-xfs_info-lv02.txt"))).isEmpty();
        assertThat(FilesystemSizeParser.parse("xfs", Fixtures.text("lab/fs1-node1-dumpe2fs-lv01.txt"))).isEmpty();
        assertThat(FilesystemSizeParser.parse("xfs", Fixtures.text("lab/fs1-node2-df-lv02.txt"))).isEmpty();
        assertThat(FilesystemSizeParser.parse("ext4", "")).isEmpty();
        assertThat(FilesystemSizeParser.parse("btrfs", Fixtures.text("lab/fs1-node1-dumpe2fs-lv01.txt"))).isEmpty();
    }

    @Test
    void theExt4TailNeverExceedsOneBlockGroup() {
        // a filesystem with a huge inode table per group (mkfs.ext4 -i 1024 -g 8192 would make one): the last
        // group can never be more than a whole group short of the device
        String header = Fixtures.text("lab/fs1-node1-dumpe2fs-lv01.txt")
                .replaceFirst("(?m)^Blocks per group: +\\d+$", "Blocks per group:         8192")
                .replaceFirst("(?m)^Inode blocks per group: +\\d+$", "Inode blocks per group:   8192");
        ObservedFilesystem fs = FilesystemSizeParser.parse("ext4", header).orElseThrow();
        assertThat(fs.tailBytes()).isEqualTo((8192 + 1) * 4096L);
    }
}
