package io.lvmops.apply.lock;

import io.lvmops.transport.Command;
import io.lvmops.transport.CommandStarter;
import io.lvmops.transport.RunningCommand;
import io.lvmops.transport.TransportException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A per-VG lock held on the VG's lock node ({@link io.lvmops.model.LockNode}), so that two applies (CLI or daemon,
 * from any machine) never change the same VG at once. It is a {@code flock(1)} on {@code LOCKDIR/lvmops-VG.lock}
 * held by a program whose stdin is our channel: when lvmops releases it, exits or dies, the channel closes,
 * {@code cat} sees end of file, the program exits and the kernel drops the lock. No stale lock can outlive its holder.
 *
 * <p>The lock directory ({@value #DEFAULT_DIR}) is made mode 0700 and the lock file 0600: no other user of the node
 * can open the file, so none can hold or block the lock (as anyone could under the world-writable /run/lock). A
 * directory that is a symlink or belongs to another user is refused; one of ours with other modes is set back to
 * 0700. Its parent (/run) is writable by root only, so nobody can swap it between the check and the use.
 *
 * <p>While it holds the lock the program prints a heartbeat line every {@code heartbeat}; {@link Held#lost()} says
 * the lock is lost when the channel ended or no heartbeat came for {@link #lostAfter}: a connection that silently
 * stopped carrying data (a frozen node, a dropped link) is noticed, not only one that closed. The heartbeat loop
 * does not hold the lock itself and stops when the holding shell is gone, so a heartbeat proves the holder lives.
 *
 * <p>The holder writes "host=… pid=… started=…" into the lock file once it holds the lock, so that a waiter that
 * gives up after the timeout can name it. The script is constant; the paths, holder text and times are positional
 * arguments, never interpolated.
 */
public final class FlockVgLock {
    static final String SCRIPT = String.join("\n",
            "d=$1; f=$2; info=$3; t=$4; hb=$5",
            "umask 077",
            "mkdir -m 0700 \"$d\" 2>/dev/null",
            "if [ -L \"$d\" ] || [ ! -d \"$d\" ]; then echo \"lock directory $d is not a directory (a symlink or a "
                    + "file is refused)\" >&2; exit 3; fi",
            "o=$(stat -c %u \"$d\") || exit 3",
            "if [ \"$o\" != \"$(id -u)\" ]; then echo \"lock directory $d belongs to uid $o, not to $(id -un): "
                    + "refused\" >&2; exit 3; fi",
            "chmod 0700 \"$d\" || exit 3",
            "exec 9>>\"$f\" || exit 3",
            "chmod 0600 \"$f\" || exit 3",
            "if ! flock -w \"$t\" 9; then printf 'HELD-BY %s\\n' \"$(cat \"$f\")\"; exit 1; fi",
            "printf '%s\\n' \"$info\" > \"$f\"",
            "echo LOCKED",
            "(exec 9>&- </dev/null; while sleep \"$hb\" && kill -0 $$ 2>/dev/null; do echo HB || exit 0; done) &",
            "cat >/dev/null 9>&-",
            "kill $! 2>/dev/null",
            "exit 0");
    public static final String DEFAULT_DIR = "/run/lvmops";
    /** How often the node says it still holds the lock. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(2);

    private final CommandStarter starter;
    private final String lockDir;
    private final String holderInfo;
    private final Duration heartbeat;
    private final Duration lostAfter;

    /** @param holderInfo e.g. {@code host=ci-runner-3 pid=4711 started=2026-01-01T10:00:00Z} */
    public FlockVgLock(CommandStarter starter, String lockDir, String holderInfo) {
        this(starter, lockDir, holderInfo, DEFAULT_HEARTBEAT);
    }

    /** A heartbeat every {@code heartbeat}; the lock counts as lost after five of them missed. */
    public FlockVgLock(CommandStarter starter, String lockDir, String holderInfo, Duration heartbeat) {
        this.starter = starter;
        this.lockDir = lockDir;
        this.holderInfo = holderInfo;
        this.heartbeat = heartbeat;
        this.lostAfter = heartbeat.multipliedBy(5);
    }

    public static String holderInfo(String host, long pid, java.time.Instant started) {
        return "host=" + host + " pid=" + pid + " started=" + started;
    }

    public String lockFile(String vg) {
        return lockDir + "/lvmops-" + vg + ".lock";
    }

    /** A lock held through a running program; {@link #close()} releases it. */
    public static final class Held implements AutoCloseable {
        private final RunningCommand running;
        private final Duration lostAfter;
        private final AtomicLong lastBeat = new AtomicLong(System.nanoTime());
        private final AtomicBoolean ended = new AtomicBoolean();

        private Held(RunningCommand running, BufferedReader out, Duration lostAfter, String vg) {
            this.running = running;
            this.lostAfter = lostAfter;
            Thread reader = new Thread(() -> {
                try {
                    while (out.readLine() != null) {
                        lastBeat.set(System.nanoTime());
                    }
                } catch (IOException e) {
                    // the channel broke: the same as its end
                }
                ended.set(true);
            }, "lvmops-lock-heartbeat-" + vg);
            reader.setDaemon(true);
            reader.start();
        }

        /** Null while the lock is held; else why it is not (the channel ended, or the heartbeat stopped). */
        public String lost() {
            if (ended.get() || !running.isAlive()) {
                return "its channel ended";
            }
            long silent = System.nanoTime() - lastBeat.get();
            if (silent > lostAfter.toNanos()) {
                return String.format(Locale.ROOT, "no heartbeat for %.1f s", silent / 1e9);
            }
            return null;
        }

        @Override
        public void close() {
            running.close();
        }
    }

    /** Waits up to {@code timeout} for the lock; the result holds it until closed. */
    public Held acquire(String vg, Duration timeout) throws VgLockException {
        String seconds = seconds(timeout);
        RunningCommand running;
        try {
            running = starter.start(new Command(List.of("sh", "-c", SCRIPT, "lvmops-lock", lockDir, lockFile(vg),
                    holderInfo, seconds, seconds(heartbeat)), null, timeout.plusMinutes(1)));
        } catch (TransportException e) {
            throw new VgLockException("cannot take the lock of VG " + vg + ": " + e.getMessage(), null);
        }
        String first;
        String err = "";
        BufferedReader out = new BufferedReader(new InputStreamReader(running.stdout(), StandardCharsets.UTF_8));
        try {
            first = out.readLine();
            if (first == null) {
                err = new String(running.stderr().readAllBytes(), StandardCharsets.UTF_8).strip();
            }
        } catch (IOException e) {
            running.close();
            throw new VgLockException("lost the lock channel for VG " + vg + ": " + e.getMessage(), null);
        }
        if ("LOCKED".equals(first)) {
            return new Held(running, out, lostAfter, vg);
        }
        running.close();
        if (first != null && first.startsWith("HELD-BY ")) {
            String holder = first.substring("HELD-BY ".length()).strip();
            throw new VgLockException("VG " + vg + " is locked by another apply (" + (holder.isEmpty() ? "holder "
                    + "unknown" : holder) + "); gave up after " + seconds + " s", holder);
        }
        throw new VgLockException("cannot take the lock of VG " + vg + " (" + lockFile(vg) + "): "
                + (err.isEmpty() ? "the lock program ended without a word" : err), null);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
    }
}
