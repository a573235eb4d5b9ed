package io.lvmops.plan.guard;

import io.lvmops.plan.step.LockDaemonsStart;
import io.lvmops.plan.step.LockStart;
import io.lvmops.plan.step.LvmConfigWrite;
import io.lvmops.plan.step.WaitForLease;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Argv golden strings of the guard steps, and the config-write script run for real by this machine's sh. */
class GuardStepsTest {
    @TempDir
    Path tmp;

    @Test
    void argvGoldens() {
        assertThat(new LockStart("n2", "vg0", "r").commandLine())
                .isEqualTo("lvm vgchange --config devices/hints=none --lockstart vg0");
        assertThat(new LockDaemonsStart("n2", "n2", false, "r").argv()).endsWith("lvmops-lock-daemons", "n2", "keep");
        assertThat(new LockDaemonsStart("n2", "n2", true, "r").argv()).endsWith("lvmops-lock-daemons", "n2", "restart");
        assertThat(new LockDaemonsStart("n2", "n2", false, "r").argv().get(2)).contains("pidof wdmd >/dev/null || wdmd; "
                + "pidof sanlock >/dev/null || sanlock daemon -w 1 -e \"$name\"; pidof lvmlockd >/dev/null || lvmlockd");
        WaitForLease w = new WaitForLease("n1", "vg0", "lv01", "n2", 150, 300, "r");
        assertThat(w.argv().subList(3, w.argv().size())).containsExactly("lvmops-wait-for-lease", "300", "lvm",
                "lvchange", "--config", "devices/hints=none", "-aey", "vg0/lv01");
        assertThat(w.timeout()).isEqualTo(Duration.ofSeconds(360));
        assertThat(w.details()).containsExactly("expected wait: ~150 s (sanlock's host-dead timeout for n2), gives up "
                + "after 300 s");
        LvmConfigWrite c = new LvmConfigWrite("n1", "/etc/lvm/lvmlocal.conf", "absent", "x\n", List.of(), "r");
        assertThat(c.argv().subList(3, 6)).containsExactly("lvmops-config-write", "/etc/lvm/lvmlocal.conf", "absent");
        assertThat(c.stdin()).isEqualTo("x\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aConfigWriteOfAFileLvmopsDoesNotManageCannotExist() {
        for (String path : List.of("/etc/cron.d/x", "/etc/lvm/lvm.conf", "/etc/lvm/../cron.d/x", "/root/.ssh/authorized_keys")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LvmConfigWrite("n1", path, "absent", "x\n",
                    List.of(), "r")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(path).hasMessageContaining("not a file lvmops manages");
        }
        for (String path : LvmConfigWrite.MANAGED_FILES) {
            assertThat(new LvmConfigWrite("n1", path, "absent", "x\n", List.of(), "r").path()).isEqualTo(path);
        }
    }

    @Test
    void configWrite_replacesAtomicallyKeepingMode_whenTheFileIsWhatWasObserved() throws Exception {
        Path f = tmp.resolve("lvmlocal.conf");
        Files.writeString(f, "local {\n}\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        String next = ManagedBlock.rewrite("local {\n}\n", "activation {\n}\n");
        int rc = writeConfig(f.toString(), GuardPlanner.sha256("local {\n}\n"), next);
        assertThat(rc).isZero();
        assertThat(Files.readString(f)).isEqualTo(next);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r-----");
        assertThat(Files.exists(tmp.resolve("lvmlocal.conf.lvmops.tmp"))).isFalse();
    }

    @Test
    void configWrite_refusesAFileChangedSinceObserved() throws Exception {
        Path f = tmp.resolve("lvmlocal.conf");
        Files.writeString(f, "changed by a person\n");
        int rc = writeConfig(f.toString(), GuardPlanner.sha256("local {\n}\n"), "new\n");
        assertThat(rc).isEqualTo(3);
        assertThat(Files.readString(f)).isEqualTo("changed by a person\n");
    }

    @Test
    void configWrite_createsAMissingFile_onlyIfItIsStillMissing() throws Exception {
        Path f = tmp.resolve("lvmlocal.conf");
        assertThat(writeConfig(f.toString(), "absent", "new\n")).isZero();
        assertThat(Files.readString(f)).isEqualTo("new\n");
        assertThat(writeConfig(f.toString(), "absent", "again\n")).isEqualTo(3);
    }

    @Test
    void configWrite_createsTheMissingDirectoryOfADropIn() throws Exception {
        Path f = tmp.resolve("sanlock.service.d/lvmops.conf");
        assertThat(writeConfig(f.toString(), "absent", "[Service]\n")).isZero();
        assertThat(Files.readString(f)).isEqualTo("[Service]\n");
    }

    /**
     * The lock daemons' script, run by this machine's sh against stand-ins for the daemons and systemctl that log
     * their arguments (a host without a running systemd, as the lab's nodes are).
     */
    @Test
    void lockDaemons_enablesTheUnitsThenStartsWdmdSanlockLvmlockdInOrder_onlyWhatIsDown() throws Exception {
        assumeFalse(Files.isDirectory(Path.of("/run/systemd/system")), "the script's systemd branch");
        Path bin = standIns();
        Files.writeString(tmp.resolve("run.wdmd"), "");
        assertThat(runScript(bin, new LockDaemonsStart("n2", "node2", false, "r"))).isZero();
        List<String> log = Files.readAllLines(tmp.resolve("log"));
        if (!Files.exists(Path.of("/dev/watchdog"))) {
            assertThat(log.remove(0)).isEqualTo("modprobe softdog");
        }
        assertThat(log).containsExactly(
                "systemctl --quiet enable wdmd.service sanlock.service lvmlockd.service lvmlocks.service",
                "sanlock daemon -w 1 -e node2", "lvmlockd");
    }

    @Test
    void lockDaemons_restartStopsTheRunningSanlockFirst_andFailsIfItWillNotStop() throws Exception {
        assumeFalse(Files.isDirectory(Path.of("/run/systemd/system")), "the script's systemd branch");
        Path bin = standIns();
        for (String d : List.of("wdmd", "sanlock", "lvmlockd")) {
            Files.writeString(tmp.resolve("run." + d), "");
        }
        assertThat(runScript(bin, new LockDaemonsStart("n2", "node2", true, "r"))).isZero();
        assertThat(Files.readAllLines(tmp.resolve("log"))).containsSubsequence("sanlock client shutdown",
                "sanlock daemon -w 1 -e node2").doesNotContain("wdmd", "lvmlockd");

        Files.delete(tmp.resolve("log"));
        Files.writeString(tmp.resolve("lockspace"), "vg0"); // sanlock refuses to shut down while it holds one
        assertThat(runScript(bin, new LockDaemonsStart("n2", "node2", true, "r"))).isEqualTo(4);
        assertThat(Files.readAllLines(tmp.resolve("log"))).doesNotContain("sanlock daemon -w 1 -e node2");
    }

    /** pidof/wdmd/sanlock/lvmlockd/systemctl/modprobe/mountpoint/sleep stand-ins: state is files in tmp. */
    private Path standIns() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        String log = "echo \"$(basename \"$0\") $*\" | sed 's/ $//' >> " + tmp + "/log";
        Map<String, String> scripts = Map.of(
                "pidof", "[ -e " + tmp + "/run.$1 ]",
                "wdmd", log + "; touch " + tmp + "/run.wdmd",
                "lvmlockd", log + "; touch " + tmp + "/run.lvmlockd",
                "sanlock", log + "; case \"$1\" in daemon) touch " + tmp + "/run.sanlock;; client) [ -e " + tmp
                        + "/lockspace ] || rm -f " + tmp + "/run.sanlock;; esac",
                "systemctl", log,
                "modprobe", log,
                "mountpoint", "exit 0",
                "sleep", "exit 0");
        for (Map.Entry<String, String> e : scripts.entrySet()) {
            Path f = bin.resolve(e.getKey());
            Files.writeString(f, "#!/bin/sh\n" + e.getValue() + "\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    private static int runScript(Path bin, LockDaemonsStart step) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(step.argv())).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    /**
     * LvmConfigWrite's script run on a temporary file: the record itself refuses any path but the files lvmops
     * manages, so these tests run the same script with the same positional arguments as the step's argv.
     */
    private static int writeConfig(String path, String expectedSha256, String content)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", LvmConfigWrite.SCRIPT, "lvmops-config-write", path, expectedSha256)
                .redirectErrorStream(true).start();
        p.getOutputStream().write(content.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
