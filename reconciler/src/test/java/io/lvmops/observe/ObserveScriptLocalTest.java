package io.lvmops.observe;

import io.lvmops.model.DeviceSpec;
import io.lvmops.model.NodeSpec;
import io.lvmops.model.Spec;
import io.lvmops.transport.Command;
import io.lvmops.transport.LocalTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** observe.sh really run by sh on this host (real LVM 2.03.16, no device-mapper) through the production LocalTransport. */
class ObserveScriptLocalTest {
    private static final NodeSpec NODE = NodeSpec.of("local", "localhost");

    @Test
    void producesEverySectionInOneExecAndParses(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("lvm"), "lvm is not installed on this host");
        Path notABlockDevice = Files.writeString(dir.resolve("file"), "x");
        ObserveScript script = new ObserveScript("t1", List.of(notABlockDevice.toString(), "/dev/lvmops-missing"));
        CountingTransport t = new CountingTransport(new LocalTransport("local", false));

        NodeObservation n = new LvmNodeObserver(s -> script).observe(spec(), NODE, t);

        assertThat(t.execs).hasValue(1);
        assertThat(n.reachable()).as(n.error()).isTrue();
        assertThat(n.lvmVersion()).matches("2\\.\\d+\\.\\d+");
        assertThat(n.hostname()).isNotEmpty();
        assertThat(n.mounts()).isNotEmpty();
        assertThat(n.devices()).extracting(DeviceProbe::exists).containsExactly(false, false);
    }

    @Test
    void seesRealLvmMetadataOnALoopDevice(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("lvm") && onPath("losetup") && "root".equals(System.getProperty("user.name")),
                "needs root, lvm and losetup");
        Path img = dir.resolve("pv.img");
        try (var f = new java.io.RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(64L << 20);
        }
        Sh losetup = sh("losetup", "-f", "--show", img.toString());
        assumeTrue(losetup.rc == 0, "no free loop device: " + losetup.err);
        String loop = losetup.out.strip();
        String vg = "lvmopstest" + ThreadLocalRandom.current().nextInt(1_000_000);
        try {
            assertThat(sh("pvcreate", "-q", loop).rc).isZero();
            assertThat(sh("vgcreate", "-q", "--addtag", "lvmops", vg, loop).rc).isZero();
            // the host has no device-mapper: create the LV as metadata only
            assertThat(sh("lvcreate", "-q", "--driverloaded", "n", "-an", "-Zn", "-L", "8M", "-n", "lv01", vg).rc)
                    .isZero();
            ObserveScript script = new ObserveScript("t2", List.of(loop, "/dev/" + vg + "/lv01"));
            CountingTransport t = new CountingTransport(new LocalTransport("local", false));

            NodeObservation n = new LvmNodeObserver(s -> script).observe(spec(), NODE, t);

            assertThat(t.execs).hasValue(1);
            assertThat(n.reachable()).as(n.error()).isTrue();
            assertThat(n.vg(vg)).hasValueSatisfying(v -> {
                assertThat(v.pvNames()).containsExactly(loop);
                assertThat(v.tags()).containsExactly("lvmops");
                assertThat(v.extentSizeBytes()).isEqualTo(4L << 20);
            });
            assertThat(n.lv(vg, "lv01")).hasValueSatisfying(lv -> assertThat(lv.sizeBytes()).isEqualTo(8L << 20));
            assertThat(n.device(loop).orElseThrow().signatureType()).isEqualTo("LVM2_member");
            assertThat(n.device(loop).orElseThrow().sizeBytes()).isEqualTo(64L << 20);
            assertThat(n.device("/dev/" + vg + "/lv01").orElseThrow().exists()).isFalse();
        } finally {
            sh("vgremove", "-f", "-q", vg);
            sh("pvremove", "-q", loop);
            sh("losetup", "-d", loop);
        }
    }

    @Test
    void readsFilesystemSizesOfBlockDevicesInTheSameExec(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("losetup") && onPath("mkfs.ext4") && onPath("mkfs.xfs") && onPath("lvm")
                && "root".equals(System.getProperty("user.name")), "needs root, losetup, lvm, e2fsprogs, xfsprogs");
        List<String> loops = new ArrayList<>();
        try {
            String ext4 = loop(dir.resolve("ext4.img"), 64L << 20, loops);
            String xfs = loop(dir.resolve("xfs.img"), 320L << 20, loops);
            String blank = loop(dir.resolve("blank.img"), 8L << 20, loops);
            assertThat(sh("mkfs.ext4", "-q", "-F", ext4).rc).isZero();
            assertThat(sh("mkfs.xfs", "-q", "-f", xfs).rc).isZero();
            // a file system only 48 of its device's 64 MiB: as if the device was extended and the grow never ran
            assertThat(sh("resize2fs", ext4, "48M").rc).isZero();
            ObserveScript script = new ObserveScript("t4", List.of(ext4, xfs, blank),
                    List.of(new ObserveScript.FilesystemProbe("ext4", ext4),
                            new ObserveScript.FilesystemProbe("xfs", xfs),
                            new ObserveScript.FilesystemProbe("ext4", blank),
                            new ObserveScript.FilesystemProbe("xfs", "/dev/lvmops-missing")));
            CountingTransport t = new CountingTransport(new LocalTransport("local", false));
            var result = t.run(script.command());
            ObserveOutput out = ObserveOutput.parse(result.stdout(), "t4");

            NodeObservation n = LvmNodeObserver.interpret("local", script, result);

            assertThat(t.execs).hasValue(1);
            assertThat(n.reachable()).as(n.error()).isTrue();
            assertThat(n.device(ext4).orElseThrow().sizeBytes()).isEqualTo(64L << 20);
            assertThat(n.device(ext4).orElseThrow().filesystem().sizeBytes()).isEqualTo(48L << 20);
            assertThat(n.device(ext4).orElseThrow().filesystem().shortOf(64L << 20)).isTrue();
            assertThat(n.device(xfs).orElseThrow().filesystem()).isEqualTo(
                    new ObservedFilesystem("xfs", 320L << 20, 16L << 20));
            assertThat(n.device(blank).orElseThrow().filesystem()).isNull();
            assertThat(out.section("fs.2").orElseThrow().exitCode()).isNotZero();
            assertThat(out.sections()).as("no fork for a device that is not there").doesNotContainKey("fs.3");
            assertThat(n.warnings()).noneMatch(w -> w.contains("dumpe2fs") || w.contains("xfs_info"));
        } finally {
            for (String l : loops) {
                sh("losetup", "-d", l);
            }
        }
    }

    private static String loop(Path img, long bytes, List<String> loops) throws Exception {
        try (var f = new java.io.RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(bytes);
        }
        Sh losetup = sh("losetup", "-f", "--show", img.toString());
        assumeTrue(losetup.rc == 0, "no free loop device: " + losetup.err);
        loops.add(losetup.out.strip());
        return losetup.out.strip();
    }

    @Test
    void oldLvmIsAskedForColumnsInTheSameExec(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("lvm"), "lvm is not installed on this host");
        // an lvm that calls itself 2.02.100 (the write-up's version) and otherwise is the real one
        Path fakeLvm = dir.resolve("lvm");
        Files.writeString(fakeLvm, "#!/bin/sh\n"
                + "if [ \"$1\" = version ]; then echo '  LVM version:     2.02.100(2)-RHEL6 (2013-08-13)'; exit 0; fi\n"
                + "echo 'fullreport must not be called' >&2; exit 99\n");
        Files.setPosixFilePermissions(fakeLvm, PosixFilePermissions.fromString("rwxr-xr-x"));
        ObserveScript script = new ObserveScript("t3", List.of());
        List<String> withFakeLvmFirst = new ArrayList<>(List.of("env", "PATH=" + dir + ":" + System.getenv("PATH")));
        withFakeLvmFirst.addAll(script.command().argv());

        var result = new LocalTransport("local", false).run(Command.of(withFakeLvmFirst));
        ObserveOutput out = ObserveOutput.parse(result.stdout(), "t3");
        NodeObservation n = LvmNodeObserver.interpret("local", script, result);

        assertThat(out.sections()).containsKeys("pvs", "vgs", "lvs").doesNotContainKey("fullreport");
        assertThat(n.reachable()).as(n.error()).isTrue();
        assertThat(n.lvmVersion()).isEqualTo("2.02.100");
    }

    private static Spec spec() {
        return new Spec(List.of(NODE), List.of(new DeviceSpec("blk", "/dev/lvmops-missing", null)), List.of(),
                List.of());
    }

    private record Sh(int rc, String out, String err) {
    }

    private static Sh sh(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        return new Sh(p.waitFor(), out, err);
    }

    private static boolean onPath(String tool) {
        for (String d : (System.getenv("PATH") + ":/sbin:/usr/sbin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
