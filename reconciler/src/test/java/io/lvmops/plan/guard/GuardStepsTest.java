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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Argv golden strings of the guard steps, and the config-write script run for real by this machine's sh. */
class GuardStepsTest {
    @TempDir
    Path tmp;

    @Test
    void argvGoldens() {
        assertThat(new LockStart("n2", "vg0", "r").commandLine())
                .isEqualTo("lvm vgchange --config devices/hints=none --lockstart vg0");
        assertThat(new LockDaemonsStart("n2", "n2", "r").argv()).endsWith("lvmops-lock-daemons", "n2");
        assertThat(new LockDaemonsStart("n2", "n2", "r").argv().get(2)).contains("pidof wdmd >/dev/null || wdmd; "
                + "pidof sanlock >/dev/null || sanlock daemon -e \"$1\"; pidof lvmlockd >/dev/null || lvmlockd");
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
    void configWrite_replacesAtomicallyKeepingMode_whenTheFileIsWhatWasObserved() throws Exception {
        Path f = tmp.resolve("lvmlocal.conf");
        Files.writeString(f, "local {\n}\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        String next = ManagedBlock.rewrite("local {\n}\n", "activation {\n}\n");
        int rc = run(new LvmConfigWrite("n", f.toString(), GuardPlanner.sha256("local {\n}\n"), next, List.of(), "r"));
        assertThat(rc).isZero();
        assertThat(Files.readString(f)).isEqualTo(next);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r-----");
        assertThat(Files.exists(tmp.resolve("lvmlocal.conf.lvmops.tmp"))).isFalse();
    }

    @Test
    void configWrite_refusesAFileChangedSinceObserved() throws Exception {
        Path f = tmp.resolve("lvmlocal.conf");
        Files.writeString(f, "changed by a person\n");
        int rc = run(new LvmConfigWrite("n", f.toString(), GuardPlanner.sha256("local {\n}\n"), "new\n", List.of(),
                "r"));
        assertThat(rc).isEqualTo(3);
        assertThat(Files.readString(f)).isEqualTo("changed by a person\n");
    }

    @Test
    void configWrite_createsAMissingFile_onlyIfItIsStillMissing() throws Exception {
        Path f = tmp.resolve("lvmlocal.conf");
        assertThat(run(new LvmConfigWrite("n", f.toString(), "absent", "new\n", List.of(), "r"))).isZero();
        assertThat(Files.readString(f)).isEqualTo("new\n");
        assertThat(run(new LvmConfigWrite("n", f.toString(), "absent", "again\n", List.of(), "r"))).isEqualTo(3);
    }

    private static int run(LvmConfigWrite step) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(step.argv())).redirectErrorStream(true).start();
        p.getOutputStream().write(step.stdin());
        p.getOutputStream().close();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
