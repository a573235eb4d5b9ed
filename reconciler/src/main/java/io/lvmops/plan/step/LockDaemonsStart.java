package io.lvmops.plan.step;

import java.util.List;

/**
 * guard: sanlock, node side: the watchdog ({@code softdog} when no watchdog device exists), a tmpfs on
 * {@code /dev/shm} (wdmd exits silently without it), boot persistence ({@code systemctl enable} of the distribution's
 * {@code wdmd sanlock lvmlockd lvmlocks} units; it works without a running systemd too, and then the node's own init
 * reads the links), then {@code wdmd}, {@code sanlock} and {@code lvmlockd}, in that order, each only if not
 * already running: through systemd where it runs (after a daemon-reload, so that lvmops' sanlock drop-in applies),
 * directly otherwise ({@code sanlock daemon -w 1 -e NAME}, the same options as the drop-in).
 *
 * @param sanlockName    sanlock's host name: the node's spec name, stable across restarts (with a random one a
 *                       restarted node waited ~165 s instead of ~25 s for its lockspace)
 * @param restartSanlock stop the running sanlock first ({@code sanlock client shutdown}, which refuses while a
 *                       lockspace is held: the step then fails) because it runs under another name or without the
 *                       watchdog
 */
public record LockDaemonsStart(String node, String sanlockName, boolean restartSanlock, String reason)
        implements Step {
    static final String SCRIPT = "set -e; name=$1; "
            + "[ -e /dev/watchdog ] || modprobe softdog; "
            + "mountpoint -q /dev/shm || mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /dev/shm; "
            + "if command -v systemctl >/dev/null; then "
            + "systemctl --quiet enable wdmd.service sanlock.service lvmlockd.service lvmlocks.service; fi; "
            + "if [ \"$2\" = restart ]; then sanlock client shutdown >/dev/null; i=0; "
            + "while pidof sanlock >/dev/null; do i=$((i+1)); if [ $i -gt 100 ]; then "
            + "echo \"sanlock did not stop (it holds a lockspace?)\" >&2; exit 4; fi; sleep 0.1; done; fi; "
            + "if [ -d /run/systemd/system ]; then systemctl daemon-reload; "
            + "systemctl start wdmd.service sanlock.service lvmlockd.service; else "
            + "pidof wdmd >/dev/null || wdmd; "
            + "pidof sanlock >/dev/null || sanlock daemon -w 1 -e \"$name\"; "
            + "pidof lvmlockd >/dev/null || lvmlockd; fi";

    @Override
    public Action action() {
        return Action.CREATE;
    }

    @Override
    public List<String> argv() {
        return List.of("sh", "-c", SCRIPT, "lvmops-lock-daemons", sanlockName, restartSanlock ? "restart" : "keep");
    }
}
