package io.lvmops.apply.lock;

import io.lvmops.transport.RunningCommand;
import io.lvmops.transport.CommandStarter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
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
        FlockVgLock bad = new FlockVgLock(new LocalProcessStarter("local"), dir.resolve("missing").toString(), "h");
        assertThatThrownBy(() -> bad.acquire("vg0", Duration.ofMillis(100)))
                .isInstanceOf(VgLockException.class).hasMessageContaining("cannot take the lock of VG vg0");
    }
}
