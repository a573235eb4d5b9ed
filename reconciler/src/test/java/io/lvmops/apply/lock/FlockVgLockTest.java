package io.lvmops.apply.lock;

import io.lvmops.transport.RunningCommand;
import io.lvmops.transport.CommandStarter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** With the real flock(1) on this machine. */
class FlockVgLockTest {
    @TempDir
    Path dir;

    private FlockVgLock lock(String host) {
        return new FlockVgLock(new LocalProcessStarter("local"), dir.toString(),
                FlockVgLock.holderInfo(host, 4711, Instant.parse("2026-01-01T10:00:00Z")));
    }

    @Test
    void secondApplyWaitsThenFailsNamingTheHolder_thenGetsItAfterRelease() throws Exception {
        AutoCloseable first = lock("ci-a").acquire("vg0", Duration.ofSeconds(2));
        assertThat(Files.readString(dir.resolve("lvmops-vg0.lock")))
                .isEqualTo("host=ci-a pid=4711 started=2026-01-01T10:00:00Z\n");
        long start = System.nanoTime();
        assertThatThrownBy(() -> lock("ci-b").acquire("vg0", Duration.ofMillis(600)))
                .isInstanceOf(VgLockException.class)
                .hasMessageContaining("VG vg0 is locked by another apply (host=ci-a pid=4711 started=2026-01-01T10:00:00Z)")
                .satisfies(e -> assertThat(((VgLockException) e).holder()).startsWith("host=ci-a"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(550));

        // another VG is independent
        try (AutoCloseable other = lock("ci-b").acquire("vg1", Duration.ofMillis(200))) {
            assertThat(other).isNotNull();
        }
        first.close();
        try (AutoCloseable second = lock("ci-b").acquire("vg0", Duration.ofSeconds(2))) {
            assertThat(Files.readString(dir.resolve("lvmops-vg0.lock"))).startsWith("host=ci-b");
        }
    }

    @Test
    void releasedWhenTheHolderDies() throws Exception {
        // The holder's process tree is killed the way a dying lvmops (or a dropped SSH channel) would end it.
        RunningCommand[] holder = new RunningCommand[1];
        CommandStarter capturing = command -> {
            holder[0] = new LocalProcessStarter("local").start(command);
            return holder[0];
        };
        new FlockVgLock(capturing, dir.toString(), "host=dead pid=1 started=x").acquire("vg0", Duration.ofSeconds(2));
        holder[0].stdin().close(); // what the kernel does to our pipe when the JVM dies
        try (AutoCloseable next = lock("ci-b").acquire("vg0", Duration.ofSeconds(5))) {
            assertThat(Files.readString(dir.resolve("lvmops-vg0.lock"))).startsWith("host=ci-b");
        }
    }

    @Test
    void unusableLockDirectoryIsAClearError() {
        FlockVgLock bad = new FlockVgLock(new LocalProcessStarter("local"), dir.resolve("missing/lvmops").toString(),
                "h");
        assertThatThrownBy(() -> bad.acquire("vg0", Duration.ofMillis(100)))
                .isInstanceOf(VgLockException.class).hasMessageContaining("cannot take the lock of VG vg0");
    }

    // ---- the lock directory is root-only: no other user can open the lock file, so none can hold or block it ----

    private FlockVgLock in(Path lockDir) {
        return new FlockVgLock(new LocalProcessStarter("local"), lockDir.toString(), "host=a pid=1 started=x");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void theLockDirectoryIsMadeOwnerOnlyAndTheLockFileIsNotWorldReadable() throws Exception {
        Path lockDir = dir.resolve("lvmops");
        try (AutoCloseable held = in(lockDir).acquire("vg0", Duration.ofSeconds(2))) {
            assertThat(mode(lockDir)).isEqualTo("rwx------");
            assertThat(mode(lockDir.resolve("lvmops-vg0.lock"))).isEqualTo("rw-------");
        }
    }

    @Test
    void aLockDirectoryWithLooseModesIsSetBackTo0700() throws Exception {
        Path lockDir = Files.createDirectory(dir.resolve("lvmops"));
        Files.setPosixFilePermissions(lockDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(lockDir.resolve("lvmops-vg0.lock"), "");
        Files.setPosixFilePermissions(lockDir.resolve("lvmops-vg0.lock"), PosixFilePermissions.fromString("rw-rw-rw-"));
        try (AutoCloseable held = in(lockDir).acquire("vg0", Duration.ofSeconds(2))) {
            assertThat(mode(lockDir)).isEqualTo("rwx------");
            assertThat(mode(lockDir.resolve("lvmops-vg0.lock"))).isEqualTo("rw-------");
        }
    }

    @Test
    void aSymlinkedLockDirectoryIsRefused() throws Exception {
        Path elsewhere = Files.createDirectory(dir.resolve("attacker"));
        Path lockDir = Files.createSymbolicLink(dir.resolve("lvmops"), elsewhere);
        assertThatThrownBy(() -> in(lockDir).acquire("vg0", Duration.ofMillis(200)))
                .isInstanceOf(VgLockException.class)
                .hasMessageContaining("lock directory " + lockDir + " is not a directory (a symlink or a file is refused)");
        assertThat(elsewhere).isEmptyDirectory();
    }

    @Test
    void aLockDirectoryOfAnotherUserIsRefused() throws Exception {
        Path lockDir = Files.createDirectory(dir.resolve("lvmops"));
        Process chown = new ProcessBuilder("chown", "65534", lockDir.toString()).start();
        assertThat(chown.waitFor()).as("the test runs as root, like lvmops on a node").isZero();
        assertThatThrownBy(() -> in(lockDir).acquire("vg0", Duration.ofMillis(200)))
                .isInstanceOf(VgLockException.class)
                .hasMessageContaining("lock directory " + lockDir + " belongs to uid 65534")
                .hasMessageContaining("refused");
        assertThat(lockDir).isEmptyDirectory();
    }

    // ---- the heartbeat: a holder that goes silent is a lost lock, even while its channel looks open ----

    @Test
    void aHolderThatStopsBeatingIsLostWhileOneThatBeatsIsNot() throws Exception {
        Path pidFile = dir.resolve("holder.pid");
        // the holder's shell writes its pid first (exec keeps it), so that the test can freeze it
        CommandStarter recordingPid = command -> {
            java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("sh", "-c",
                    "echo $$ > \"$0\"; exec \"$@\"", pidFile.toString()));
            argv.addAll(command.argv());
            return new LocalProcessStarter("local").start(new io.lvmops.transport.Command(argv, null,
                    command.timeout()));
        };
        FlockVgLock beating = new FlockVgLock(recordingPid, dir.toString(), "host=a pid=1 started=x",
                Duration.ofMillis(300));
        try (FlockVgLock.Held held = beating.acquire("vg0", Duration.ofSeconds(2))) {
            // twice the bound (5 x 300 ms), with a beat every 300 ms: only the heartbeat keeps it held (the margin
            // leaves a loaded 2-core machine a second of scheduling delay between beats)
            Thread.sleep(3000);
            assertThat(held.lost()).isNull();

            String pid = Files.readString(pidFile).strip();
            // freeze the holder and its heartbeat loop: the process (and so the channel) stays, the beats stop
            run("pkill", "-STOP", "-P", pid);
            run("kill", "-STOP", pid);
            try {
                long start = System.nanoTime();
                while (held.lost() == null && System.nanoTime() - start < 10_000_000_000L) {
                    Thread.sleep(50);
                }
                assertThat(held.lost()).startsWith("no heartbeat for ");
            } finally {
                run("kill", "-CONT", pid);
                run("pkill", "-CONT", "-P", pid);
            }
        }
    }

    private static void run(String... argv) throws Exception {
        new ProcessBuilder(argv).inheritIO().start().waitFor();
    }
}
