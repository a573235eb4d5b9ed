package io.lvmops.plan.step;

import java.util.List;

/**
 * guard: sanlock, node side: the watchdog ({@code softdog} when no hardware watchdog is loaded), a tmpfs on
 * {@code /dev/shm} (wdmd exits silently without it), then {@code wdmd}, {@code sanlock daemon -e NAME} (a stable
 * name: with a random one a restarted node waited ~165 s instead of ~25 s for its lockspace) and {@code lvmlockd},
 * in that order, each only if not already running. Boot persistence: where systemd runs, the distribution's units
 * are enabled ({@code wdmd sanlock lvmlockd lvmlocks}); elsewhere (the lab's own init) the node's init must start
 * them, and lvmops only reports when they are not running.
 */
public record LockDaemonsStart(String node, String sanlockName, String reason) implements Step {
    static final String SCRIPT = "set -e; "
            + "[ -e /dev/watchdog ] || modprobe softdog; "
            + "mountpoint -q /dev/shm || mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /dev/shm; "
            + "pidof wdmd >/dev/null || wdmd; "
            + "pidof sanlock >/dev/null || sanlock daemon -e \"$1\"; "
            + "pidof lvmlockd >/dev/null || lvmlockd; "
            + "if [ -d /run/systemd/system ]; then systemctl enable wdmd sanlock lvmlockd lvmlocks; fi";

    @Override
    public Action action() {
        return Action.CREATE;
    }

    @Override
    public List<String> argv() {
        return List.of("sh", "-c", SCRIPT, "lvmops-lock-daemons", sanlockName);
    }
}
