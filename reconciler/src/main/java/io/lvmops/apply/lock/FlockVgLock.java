package io.lvmops.apply.lock;

import io.lvmops.transport.RunningCommand;
import io.lvmops.transport.CommandStarter;
import io.lvmops.transport.Command;
import io.lvmops.transport.TransportException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A per-VG lock held on the VG's metadata node, so that two applies (CLI or daemon, from any machine) never change
 * the same VG at once. It is a {@code flock(1)} on {@code LOCKDIR/lvmops-VG.lock} held by a program whose stdin is
 * our channel: when lvmops releases it, exits or dies, the channel closes, {@code cat} sees end of file and exits,
 * and the kernel drops the lock. No stale lock file can outlive its holder.
 *
 * <p>The holder writes "host=… pid=… started=…" into the lock file once it holds the lock, so that a waiter that
 * gives up after the timeout can name it. The script is constant; the file, holder text and timeout are positional
 * arguments, never interpolated.
 */
public final class FlockVgLock {
    static final String SCRIPT = String.join("\n",
            "f=$1; info=$2; t=$3",
            "exec 9>>\"$f\" || exit 3",
            "if ! flock -w \"$t\" 9; then printf 'HELD-BY %s\\n' \"$(cat \"$f\")\"; exit 1; fi",
            "printf '%s\\n' \"$info\" > \"$f\"",
            "echo LOCKED",
            "exec cat >/dev/null");
    public static final String DEFAULT_DIR = "/run/lock";

    private final CommandStarter starter;
    private final String lockDir;
    private final String holderInfo;

    /** @param holderInfo e.g. {@code host=ci-runner-3 pid=4711 started=2026-01-01T10:00:00Z} */
    public FlockVgLock(CommandStarter starter, String lockDir, String holderInfo) {
        this.starter = starter;
        this.lockDir = lockDir;
        this.holderInfo = holderInfo;
    }

    public static String holderInfo(String host, long pid, java.time.Instant started) {
        return "host=" + host + " pid=" + pid + " started=" + started;
    }

    public String lockFile(String vg) {
        return lockDir + "/lvmops-" + vg + ".lock";
    }

    /**
     * Waits up to {@code timeout} for the lock; the returned program holds it while it is alive and releases it when
     * closed.
     */
    public RunningCommand acquire(String vg, Duration timeout) throws VgLockException {
        String seconds = String.format(Locale.ROOT, "%.3f", timeout.toMillis() / 1000.0);
        RunningCommand running;
        try {
            running = starter.start(new Command(List.of("sh", "-c", SCRIPT, "lvmops-lock", lockFile(vg), holderInfo,
                    seconds), null, timeout.plusMinutes(1)));
        } catch (TransportException e) {
            throw new VgLockException("cannot take the lock of VG " + vg + ": " + e.getMessage(), null);
        }
        String first;
        String err = "";
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(running.stdout(), StandardCharsets.UTF_8));
            first = out.readLine();
            if (first == null) {
                err = new String(running.stderr().readAllBytes(), StandardCharsets.UTF_8).strip();
            }
        } catch (IOException e) {
            running.close();
            throw new VgLockException("lost the lock channel for VG " + vg + ": " + e.getMessage(), null);
        }
        if ("LOCKED".equals(first)) {
            return running;
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
}
