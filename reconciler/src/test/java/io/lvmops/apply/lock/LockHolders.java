package io.lvmops.apply.lock;

/** Node-side shell for tests that take a VG lock away from lvmops the way a fault would. */
public final class LockHolders {
    private LockHolders() {
    }

    /**
     * Kills the holder of {@code vg}'s lock and its process group (the shell holding the flock, its heartbeat loop,
     * cat): the holder is the process with the lock file open. The kernel drops the flock at once and the lock's SSH
     * channel ends. Exits non-zero when nobody held it.
     */
    public static String killHolder(String vg) {
        return "h=$(for p in /proc/[0-9]*; do ls -l $p/fd 2>/dev/null | grep -q 'lvmops-" + vg + ".lock' && "
                + "echo ${p#/proc/}; done | head -n 1); g=$(ps -o pgid= -p \"$h\" | tr -d ' '); "
                + "[ -n \"$g\" ] && kill -9 -\"$g\"";
    }
}
