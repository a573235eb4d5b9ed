package io.lvmops.plan.step;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The new-LV zeroing script run for real under dash with the real dd, on a regular file standing for the new LV and
 * filled with a pattern (the data a removed LV left on the extents). LVM is a fake {@code lvm} first on the PATH:
 * {@code lvs} lists the names in a file, {@code lvcreate} logs its arguments and exits as told. The block-device
 * path ({@code -b}, what the plan passes) is covered by the "-b on a file" case and by the lab (NoDestroyLabTest).
 */
class NewLvZeroScriptTest {
    private static final int MIB = 1 << 20;
    private static final byte PATTERN = (byte) 0xaa;
    private static final String FAKE_LVM = """
            #!/bin/sh
            # lvs -o lv_name VG: the names in $FAKE/lvs (or fail); lvs -o lv_active_locally: $FAKE/active
            # lvcreate: logged to $FAKE/lvcreate.log, exits with $FAKE/lvcreate.rc
            case $1 in
                lvs)
                    case "$*" in
                        *lv_active_locally*) printf '  %s\\n' "$(cat "$FAKE/active")"; exit 0 ;;
                    esac
                    if [ -e "$FAKE/lvs.fail" ]; then echo "  Volume group not found" >&2; exit 5; fi
                    sed 's/^/  /' "$FAKE/lvs" ;;
                lvcreate)
                    echo "$*" >>"$FAKE/lvcreate.log"
                    exit "$(cat "$FAKE/lvcreate.rc")" ;;
                *) exit 3 ;;
            esac
            """;

    @TempDir
    Path dir;
    Path fake;

    @BeforeAll
    static void toolsPresent() {
        for (String tool : List.of("/usr/bin/dash", "/usr/bin/dd", "/usr/bin/stat", "/usr/bin/sed")) {
            assumeTrue(Files.isExecutable(Path.of(tool)), tool + " is needed");
        }
    }

    @BeforeEach
    void fakeLvm() throws IOException {
        fake = Files.createDirectories(dir.resolve("fake"));
        Path lvm = Files.writeString(fake.resolve("lvm"), FAKE_LVM);
        Files.setPosixFilePermissions(lvm, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(fake.resolve("lvs"), "lv01\nother\n");
        Files.writeString(fake.resolve("active"), "1");
        Files.writeString(fake.resolve("lvcreate.rc"), "0");
    }

    record Result(int exitCode, String stderr, boolean lvcreateRan) {
    }

    private Result create(String mode, String lv, Path device) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("dash", "-c", NewLvZeroing.SCRIPT, "lvmops-new-lv", mode, "vg0", lv,
                device.toString(), "--", "lvm", "lvcreate", "-n", lv, "vg0"));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        env.put("PATH", fake + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("FAKE", fake.toString());
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        return new Result(code, err, Files.exists(fake.resolve("lvcreate.log")));
    }

    /** The "new LV": a file of {@code bytes} bytes holding the pattern everywhere. */
    private Path oldData(String name, long bytes) throws IOException {
        Path f = dir.resolve(name);
        byte[] block = new byte[MIB];
        Arrays.fill(block, PATTERN);
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            for (long at = 0; at < bytes; at += MIB) {
                r.write(block, 0, (int) Math.min(MIB, bytes - at));
            }
        }
        return f;
    }

    /** Asserts bytes [from, to) are all {@code value}. */
    private static void assertBytes(Path f, long from, long to, byte value) throws IOException {
        byte[] all = Files.readAllBytes(f);
        for (long i = from; i < to; i++) {
            if (all[(int) i] != value) {
                throw new AssertionError(f.getFileName() + ": byte " + i + " is " + all[(int) i] + ", expected " + value
                        + " over [" + from + ", " + to + ")");
            }
        }
    }

    private static void assertUntouched(Path f, long size) throws IOException {
        assertThat(Files.size(f)).isEqualTo(size);
        assertBytes(f, 0, size, PATTERN);
    }

    @Test
    void aNewLvGetsItsFirstAndLastMibZeroedAndTheRestIsLeft() throws Exception {
        Path lv = oldData("lv02", 8L * MIB);
        Result r = create("--test-regular-file", "lv02", lv);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(Files.readString(fake.resolve("lvcreate.log"))).isEqualTo("lvcreate -n lv02 vg0\n");
        assertThat(Files.size(lv)).isEqualTo(8L * MIB);
        assertBytes(lv, 0, MIB, (byte) 0);
        assertBytes(lv, MIB, 7L * MIB, PATTERN);
        assertBytes(lv, 7L * MIB, 8L * MIB, (byte) 0);
    }

    @Test
    void aNewLvOfTwoMibOrLessIsZeroedWhole() throws Exception {
        for (long size : List.of(4096L, 512L * 1024, (long) MIB, 3L * MIB / 2, 2L * MIB)) {
            Files.deleteIfExists(fake.resolve("lvcreate.log"));
            Path lv = oldData("small" + size, size);
            Result r = create("--test-regular-file", "small" + size, lv);
            assertThat(r.exitCode()).as(size + ": " + r.stderr()).isZero();
            assertThat(Files.size(lv)).isEqualTo(size);
            assertBytes(lv, 0, size, (byte) 0);
        }
    }

    @Test
    void oneExtentOfFourMibIsZeroedHeadAndTail() throws Exception {
        Path lv = oldData("lv03", 4L * MIB);
        assertThat(create("--test-regular-file", "lv03", lv).exitCode()).isZero();
        assertBytes(lv, 0, MIB, (byte) 0);
        assertBytes(lv, MIB, 3L * MIB, PATTERN);
        assertBytes(lv, 3L * MIB, 4L * MIB, (byte) 0);
    }

    @Test
    void anLvThatExistsIsNeitherCreatedNorZeroed() throws Exception {
        Path lv = oldData("lv01", 4L * MIB);
        Result r = create("--test-regular-file", "lv01", lv);
        assertThat(r.exitCode()).isEqualTo(NewLvZeroing.EXISTS_OR_UNKNOWN);
        assertThat(r.stderr()).contains("vg0/lv01 exists already; not created, nothing zeroed");
        assertThat(r.lvcreateRan()).isFalse();
        assertUntouched(lv, 4L * MIB);
    }

    @Test
    void aNameThatOnlyContainsAnExistingOneIsNew() throws Exception {
        // lvs lists lv01 and other: lv0 and lv011 are new names, matched whole
        for (String name : List.of("lv0", "lv011")) {
            Path lv = oldData(name, 4L * MIB);
            assertThat(create("--test-regular-file", name, lv).exitCode()).isZero();
            assertBytes(lv, 0, MIB, (byte) 0);
        }
    }

    @Test
    void whenLvsFailsNothingIsCreatedOrZeroed() throws Exception {
        Files.writeString(fake.resolve("lvs.fail"), "");
        Path lv = oldData("lv02", 4L * MIB);
        Result r = create("--test-regular-file", "lv02", lv);
        assertThat(r.exitCode()).isEqualTo(NewLvZeroing.EXISTS_OR_UNKNOWN);
        assertThat(r.stderr()).contains("cannot tell whether vg0/lv02 exists (lvs exited 5)");
        assertThat(r.lvcreateRan()).isFalse();
        assertUntouched(lv, 4L * MIB);
    }

    @Test
    void whenLvcreateFailsItsExitCodeIsKeptAndNothingIsZeroed() throws Exception {
        Files.writeString(fake.resolve("lvcreate.rc"), "5");
        Path lv = oldData("lv02", 4L * MIB);
        Result r = create("--test-regular-file", "lv02", lv);
        assertThat(r.exitCode()).isEqualTo(5);
        assertThat(r.stderr()).contains("lvcreate exited 5; nothing zeroed");
        assertThat(r.lvcreateRan()).isTrue();
        assertUntouched(lv, 4L * MIB);
    }

    @Test
    void anLvNotActiveHereIsNotZeroed() throws Exception {
        Files.writeString(fake.resolve("active"), "0");
        Path lv = oldData("lv02", 4L * MIB);
        Result r = create("--test-regular-file", "lv02", lv);
        assertThat(r.exitCode()).isEqualTo(NewLvZeroing.CREATED_NOT_ZEROED);
        assertThat(r.stderr()).contains("vg0/lv02 was created but its first and last MiB were not zeroed",
                "not active on this node", "remove it by hand (lvremove)");
        assertUntouched(lv, 4L * MIB);
    }

    @Test
    void theBlockModeRefusesARegularFile() throws Exception {
        Path lv = oldData("lv02", 4L * MIB);
        Result r = create("-b", "lv02", lv);
        assertThat(r.exitCode()).isEqualTo(NewLvZeroing.CREATED_NOT_ZEROED);
        assertThat(r.stderr()).contains("is not a block device");
        assertUntouched(lv, 4L * MIB);
    }

    @Test
    void aZeroedNewLvPassesTheBlankProofOfItsMkfs() throws Exception {
        for (String tool : List.of("/usr/sbin/wipefs", "/usr/sbin/blkid", "/usr/bin/cmp")) {
            assumeTrue(Files.isExecutable(Path.of(tool)), tool + " is needed");
        }
        Path lv = oldData("lv02", 16L * MIB);
        assertThat(create("--test-regular-file", "lv02", lv).exitCode()).isZero();
        Path marker = dir.resolve("mkfs-ran");
        Process p = new ProcessBuilder("dash", "-c", BlankProof.SCRIPT, "lvmops-blank", "--test-regular-file",
                lv.toString(), "--", "touch", marker.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(marker).exists();
    }

    @Test
    void badUsageRunsNothing() throws Exception {
        Path lv = oldData("lv02", 4L * MIB);
        for (List<String> args : List.of(List.of("vg0", "lv02", lv.toString(), "--", "lvm", "lvcreate"),
                List.of("-b", "vg0", "lv02", lv.toString(), "lvm", "lvcreate"),
                List.of("-b", "vg0", "lv02", lv.toString(), "--"),
                List.of("-b", "", "lv02", lv.toString(), "--", "lvm", "lvcreate"))) {
            List<String> argv = new ArrayList<>(List.of("dash", "-c", NewLvZeroing.SCRIPT, "lvmops-new-lv"));
            argv.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(argv);
            pb.environment().put("PATH", fake + ":" + pb.environment().getOrDefault("PATH", "/usr/bin:/bin"));
            pb.environment().put("FAKE", fake.toString());
            assertThat(pb.start().waitFor()).as(args.toString()).isEqualTo(96);
        }
        assertThat(Files.exists(fake.resolve("lvcreate.log"))).isFalse();
        assertUntouched(lv, 4L * MIB);
    }
}
