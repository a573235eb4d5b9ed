package io.lvmops.plan.step;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The blank proof script run for real under dash (POSIX sh, as on Debian's /bin/sh) with the real wipefs, blkid and
 * cmp. A regular file is not a block device, so the content checks run here in the script's test mode
 * ({@code --test-regular-file}, which no plan step can produce); the block-device check and blockdev's size are
 * covered by the "-b on a file is refused" case here and by the lab (BlankProofLabTest) on real LVs.
 */
class BlankProofScriptTest {
    private static final int MIB = 1 << 20;
    @TempDir
    Path dir;

    @BeforeAll
    static void toolsPresent() {
        for (String tool : List.of("/usr/bin/dash", "/usr/sbin/wipefs", "/usr/sbin/blkid", "/usr/bin/cmp")) {
            assumeTrue(Files.isExecutable(Path.of(tool)), tool + " is needed");
        }
    }

    record Result(int exitCode, String stderr, boolean ran) {
    }

    private Result prove(String mode, Path... devices) throws IOException, InterruptedException {
        Path marker = dir.resolve("ran");
        Files.deleteIfExists(marker);
        List<String> argv = new ArrayList<>(List.of("dash", "-c", BlankProof.SCRIPT, "lvmops-blank", mode));
        for (Path d : devices) {
            argv.add(d.toString());
        }
        argv.addAll(List.of("--", "touch", marker.toString()));
        Process p = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        return new Result(code, err, Files.exists(marker));
    }

    private Path zeros(String name, long bytes) throws IOException {
        Path f = dir.resolve(name);
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(bytes);
        }
        return f;
    }

    private static void write(Path f, long offset, byte[] bytes) throws IOException {
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.seek(offset);
            r.write(bytes);
        }
    }

    private static void assertRefused(Result r, String... evidence) {
        assertThat(r.ran()).as("the command must not run").isFalse();
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(BlankProof.NOT_BLANK);
        assertThat(r.stderr()).contains("is not provably blank", "refusing to run: touch").contains(evidence);
    }

    @Test
    void zerosRunTheCommand() throws Exception {
        Result r = prove("--test-regular-file", zeros("a", 8L * MIB), zeros("b", MIB));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.ran()).isTrue();
    }

    @Test
    void unrecognisedBytesInTheFirstMibAreRefusedThoughBlkidFindsNothing() throws Exception {
        Path f = zeros("db", 8L * MIB);
        write(f, 4096, "PGDATA raw page, no signature any tool knows".getBytes(StandardCharsets.US_ASCII));
        assertRefused(prove("--test-regular-file", f), "first MiB is not all zeros");
    }

    @Test
    void bytesInTheLastMibAreRefused() throws Exception {
        Path f = zeros("tail", 8L * MIB);
        write(f, 8L * MIB - 10, new byte[]{1});
        assertRefused(prove("--test-regular-file", f), "last MiB (from byte 7340032) is not all zeros");
    }

    @Test
    void aRecognisedSignatureIsRefusedByWipefs() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/mkfs.ext4")), "mkfs.ext4 is needed");
        Path f = zeros("ext4", 8L * MIB);
        Process mkfs = new ProcessBuilder("/usr/sbin/mkfs.ext4", "-q", "-F", f.toString()).inheritIO().start();
        assertThat(mkfs.waitFor()).isZero();
        assertRefused(prove("--test-regular-file", f), "wipefs -n lists a signature", "ext4");
    }

    @Test
    void oneNonBlankDeviceOfSeveralRefusesTheCommand() throws Exception {
        Path bad = zeros("bad", 2L * MIB);
        write(bad, 0, new byte[]{7});
        assertRefused(prove("--test-regular-file", zeros("ok", 2L * MIB), bad), bad.toString());
    }

    @Test
    void tooSmallMissingOrNotABlockDeviceIsRefused() throws Exception {
        assertRefused(prove("--test-regular-file", zeros("small", 4096)), "smaller than 1 MiB");
        assertRefused(prove("--test-regular-file", dir.resolve("missing")), "not a regular file");
        // what every plan step passes: a regular file, however blank, is not a block device
        assertRefused(prove("-b", zeros("file", 2L * MIB)), "not a block device");
        assertRefused(prove("-b", dir.resolve("missing")), "not a block device");
    }

    @Test
    void withoutACommandOrAModeNothingRuns() throws Exception {
        Path f = zeros("z", 2L * MIB);
        Process p = new ProcessBuilder("dash", "-c", BlankProof.SCRIPT, "lvmops-blank", "-b", f.toString()).start();
        assertThat(p.waitFor()).isEqualTo(96);
        Result noMode = prove(f.toString(), f);
        assertThat(noMode.ran()).isFalse();
        assertThat(noMode.exitCode()).isEqualTo(96);
    }
}
