package io.lvmops.transport;

import io.lvmops.apply.lock.FlockVgLock;
import io.lvmops.apply.lock.VgLockException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The VG lock over SSH ({@link SshTransport#start}) against a real OpenSSH server in a container (its flock(1) on a
 * lock directory the container shares with this test): the flock lives exactly as long as the exec channel, so a
 * holder whose connection dies releases it.
 */
class SshVgLockTest {
    @RegisterExtension
    static final OpenSshServer SSHD = OpenSshServer.inContainer();

    @TempDir
    Path temp;

    private SshTransport connect(String name) throws Exception {
        return new SshTransportFactory(SshSettings.defaults().withConnectTimeout(Duration.ofSeconds(5)),
                new SshClientFiles(temp.resolve("nohome"), null)).open(SSHD.node(name, SSHD.trustingKnownHosts()));
    }

    private static final String FIRST = FlockVgLock.holderInfo("apply-host-1", 1111,
            Instant.parse("2026-01-01T10:00:00Z"));
    private static final String SECOND = FlockVgLock.holderInfo("apply-host-2", 2222,
            Instant.parse("2026-01-01T10:05:00Z"));

    /** Whether the lock file is held right now, asked with a non-blocking flock over a third connection. */
    private boolean heldOnNode(String file) throws Exception {
        try (SshTransport probe = connect("probe")) {
            return probe.run(Command.of("flock", "-n", file, "true")).exitCode() != 0;
        }
    }

    @Test
    void aSecondHolderWaitsThenFailsNamingTheFirstAndReleasingFreesIt() throws Exception {
        String dir = SSHD.sharedDirectory("locks-").toString();
        try (SshTransport one = connect("node1"); SshTransport two = connect("node1")) {
            FlockVgLock first = new FlockVgLock(one, dir, FIRST);
            FlockVgLock second = new FlockVgLock(two, dir, SECOND);
            AutoCloseable held = first.acquire("vg0", Duration.ofSeconds(5));
            assertThat(heldOnNode(first.lockFile("vg0"))).isTrue();

            long start = System.nanoTime();
            assertThatThrownBy(() -> second.acquire("vg0", Duration.ofSeconds(1)))
                    .isInstanceOf(VgLockException.class)
                    .hasMessageContaining("VG vg0 is locked by another apply")
                    .hasMessageContaining("host=apply-host-1 pid=1111 started=2026-01-01T10:00:00Z")
                    .satisfies(e -> assertThat(((VgLockException) e).holder()).isEqualTo(FIRST));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));

            held.close();
            try (AutoCloseable again = second.acquire("vg0", Duration.ofSeconds(10))) {
                assertThat(heldOnNode(second.lockFile("vg0"))).isTrue();
            }
            assertThat(heldOnNode(second.lockFile("vg0"))).isFalse();
        }
    }

    @Test
    void theLockDiesWithItsHoldersConnection() throws Exception {
        String dir = SSHD.sharedDirectory("locks-").toString();
        SshTransport one = connect("node1");
        FlockVgLock first = new FlockVgLock(one, dir, FIRST);
        FlockVgLock.Held lock = first.acquire("vg1", Duration.ofSeconds(5)); // never released: as if killed
        assertThat(heldOnNode(first.lockFile("vg1"))).isTrue();
        assertThat(lock.lost()).isNull();

        one.close(); // the connection drops (lvmops dies, the network goes away)
        // what apply asks before every step (VgLocks.Held.lost): the lock is known to be gone
        assertThat(lock.lost()).isEqualTo("its channel ended");

        try (SshTransport two = connect("node1")) {
            FlockVgLock second = new FlockVgLock(two, dir, SECOND);
            try (AutoCloseable held = second.acquire("vg1", Duration.ofSeconds(10))) {
                assertThat(heldOnNode(second.lockFile("vg1"))).isTrue();
            }
        }
    }

    @Test
    void aLockProgramThatCannotStartIsAnErrorWithoutAHolder() throws Exception {
        try (SshTransport one = connect("node1")) {
            assertThatThrownBy(() -> new FlockVgLock(one, "/nonexistent/dir/lvmops", FIRST).acquire("vg0",
                    Duration.ofSeconds(1)))
                    .isInstanceOf(VgLockException.class)
                    .hasMessageContaining("cannot take the lock of VG vg0")
                    .satisfies(e -> assertThat(((VgLockException) e).holder()).isNull());
        }
    }

    @Test
    void theLockFileIsInARootOnlyDirectoryOnTheNode() throws Exception {
        try (SshTransport one = connect("node1")) {
            FlockVgLock lock = new FlockVgLock(one, FlockVgLock.DEFAULT_DIR, FIRST);
            try (FlockVgLock.Held held = lock.acquire("vg2", Duration.ofSeconds(5))) {
                assertThat(SSHD.execInContainer("stat -c '%a %U %F' /run/lvmops /run/lvmops/lvmops-vg2.lock"))
                        .isEqualTo("700 root directory\n600 root regular file\n");
            }
        }
    }

    @Test
    void aNodeThatFallsSilentLosesTheLock_heartbeatFirst_thenTheKeepaliveClosesTheConnection() throws Exception {
        try (SshTransport one = connect("node1")) {
            FlockVgLock lock = new FlockVgLock(one, FlockVgLock.DEFAULT_DIR, FIRST);
            FlockVgLock.Held held = lock.acquire("vg3", Duration.ofSeconds(5));
            Thread.sleep(3000);
            assertThat(held.lost()).as("heartbeats keep it held").isNull();
            long start = System.nanoTime();
            SSHD.pause(); // nothing closes: the channel looks open, only the silence tells
            try {
                String heartbeat = waitLost(held, Duration.ofSeconds(20));
                Duration silentFor = Duration.ofNanos(System.nanoTime() - start);
                assertThat(heartbeat).startsWith("no heartbeat for ");
                // the heartbeat (lost after 10 s of silence), not the connection's end, told: before the keepalive
                // (5 s x 3) closed the connection; no tighter bound, a loaded machine delays beats and polls
                assertThat(silentFor).as("noticed by the missing heartbeat").isLessThan(Duration.ofSeconds(20));
                // then JSch's keepalives (5 s, 3 unanswered) close the connection itself
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!"its channel ended".equals(held.lost()) && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(held.lost()).isEqualTo("its channel ended");
                System.err.printf("[lock] heartbeat lost after %d ms, connection closed by keepalive after %d ms%n",
                        silentFor.toMillis(), Duration.ofNanos(System.nanoTime() - start).toMillis());
            } finally {
                SSHD.unpause();
                held.close();
            }
        }
    }

    private static String waitLost(FlockVgLock.Held held, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (held.lost() == null && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return held.lost();
    }

    @Test
    void aKilledLockHolderIsALostLock() throws Exception {
        try (SshTransport one = connect("node1")) {
            FlockVgLock lock = new FlockVgLock(one, FlockVgLock.DEFAULT_DIR, FIRST);
            FlockVgLock.Held held = lock.acquire("vg4", Duration.ofSeconds(5));
            assertThat(held.lost()).isNull();
            System.err.print(SSHD.execInContainer("ps -eo pid,ppid,pgid,sid,args | cut -c1-120"));
            SSHD.execInContainer(io.lvmops.apply.lock.LockHolders.killHolder("vg4"));
            long start = System.nanoTime();
            while (held.lost() == null && System.nanoTime() - start < 15_000_000_000L) {
                Thread.sleep(100);
            }
            System.err.print(SSHD.execInContainer("ps -eo pid,ppid,pgid,sid,args | cut -c1-120"));
            System.err.printf("[lock] killed holder: lost() = %s after %d ms%n", held.lost(),
                    (System.nanoTime() - start) / 1_000_000);
            assertThat(held.lost()).isEqualTo("its channel ended");
            held.close();
        }
    }
}
