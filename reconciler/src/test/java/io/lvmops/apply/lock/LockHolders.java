package io.lvmops.apply.lock;

/** Node-side shell for tests that take a VG lock away from lvmops the way a fault would. */
public final class LockHolders {
    private LockHolders() {
    }

    /**
     * Kills the holder of {@code vg}'s lock and its process group (the shell holding the flock, its heartbeat loop,
     * cat): the kernel drops the flock at once and the lock's SSH channel ends. The holder is the oldest process
     * running the lock program for that VG (found with pgrep: a scan of /proc takes half a minute on an emulated
     * node). Exits non-zero when nobody held it.
     */
    public static String killHolder(String vg) {
        return "h=$(pgrep -o -f 'lvmops-lock [^ ]* [^ ]*/lvmops-" + vg + "[.]lock'); "
                + "g=$(ps -o pgid= -p \"$h\" | tr -d ' '); [ -n \"$g\" ] && kill -9 -\"$g\"";
    }
}
