package io.lvmops.plan.guard;

import io.lvmops.observe.LockSetup;
import io.lvmops.observe.NodeLvmConfig;
import io.lvmops.plan.Blocked;
import io.lvmops.plan.Drift;
import io.lvmops.plan.Severity;
import io.lvmops.plan.step.LockDaemonsStart;
import io.lvmops.plan.step.LvmConfigWrite;
import io.lvmops.plan.step.Step;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * guard: sanlock, the lock daemons of one node (after lvmlocal.conf's use_lvmlockd and host_id, which
 * {@link GuardPlanner} writes). Pure. What lvmops makes true, each part planned only when the observation shows it
 * is not:
 * <ul>
 *   <li>sanlock.service starts {@code sanlock daemon -w 1 -e NODE} after wdmd (lvmops' drop-in,
 *       {@value LockSetup#SANLOCK_DROP_IN}): the watchdog is sanlock's fencing, and Debian's
 *       {@code /etc/default/sanlock} turns it off ({@code -w 0}); a stable name lets a node back from a reboot or
 *       crash take its host id again at once (~25 s on the lab) instead of after its old lease expired (~165 s);</li>
 *   <li>softdog loads at boot when the node has no other watchdog ({@value LockSetup#WATCHDOG_MODULES});</li>
 *   <li>wdmd, sanlock, lvmlockd and lvmlocks (which starts the lockspaces of the visible shared VGs at boot) are
 *       enabled, and the three daemons run now; a sanlock already running under another name or without the
 *       watchdog (Debian starts it at install) is restarted, but only while it holds no lockspace.</li>
 * </ul>
 * Without {@code systemctl} on the node the daemons are started but nothing makes them come back at boot: reported.
 */
final class SanlockNodeSetup {
    /** sanlock's host names are at most 48 bytes (SANLK_NAME_LEN). */
    static final int MAX_SANLOCK_NAME = 48;
    static final String WATCHDOG_MODULES_TEXT = "# lvmops (guard: sanlock): this node has no hardware watchdog;"
            + " sanlock's fencing uses softdog\nsoftdog\n";

    record Result(List<Step> steps, List<Drift> drift, List<Blocked> blocked) {
    }

    private SanlockNodeSetup() {
    }

    /** The drop-in lvmops writes for sanlock.service on {@code node}. */
    static String sanlockDropIn(String node) {
        return """
                # lvmops (guard: sanlock): rewritten by lvmops, change the spec, not this.
                # -w 1: the watchdog is sanlock's fencing (Debian's /etc/default/sanlock says -w 0).
                # -e NODE: a stable name, so that this node gets its host id back at once after a reboot or crash.
                [Unit]
                Wants=wdmd.service
                After=wdmd.service

                [Service]
                ExecStart=
                ExecStart=/usr/sbin/sanlock daemon -w 1 -e NODE
                """.replace("NODE", node);
    }

    static Result plan(String node, NodeLvmConfig c) {
        List<Step> steps = new ArrayList<>();
        List<Drift> drift = new ArrayList<>();
        if (node.length() > MAX_SANLOCK_NAME) {
            return new Result(List.of(), List.of(), List.of(new Blocked("node " + node, node, Severity.ERROR,
                    "guard: sanlock names the node " + node + " in sanlock, whose host names are at most "
                            + MAX_SANLOCK_NAME + " characters: rename the node in the spec")));
        }
        LockSetup s = c.lockSetup();
        if (s != null && s.systemctl() && !s.units("absent").isEmpty()) {
            return new Result(List.of(), List.of(), List.of(new Blocked("node " + node, node, Severity.ERROR,
                    "guard: sanlock needs " + units(s.units("absent")) + " on " + node + ", which has no such unit: "
                            + "install the sanlock and lvm2-lockd packages")));
        }
        if (s != null && s.systemctl() && !s.units("masked").isEmpty()) {
            return new Result(List.of(), List.of(), List.of(new Blocked("node " + node, node, Severity.ERROR,
                    units(s.units("masked")) + " masked on " + node + ": guard: sanlock needs them; lvmops does not "
                            + "override a mask (systemctl unmask)")));
        }
        List<String> why = new ArrayList<>();
        for (String d : List.of("wdmd", "sanlock", "lvmlockd")) {
            if (!c.daemonRunning(d)) {
                why.add(d + " is not running");
            }
        }
        boolean restart = false;
        if (s != null && s.systemctl()) {
            write(steps, drift, node, LockSetup.SANLOCK_DROP_IN, s.sanlockDropIn(), sanlockDropIn(node),
                    "sanlock.service on " + node + " does not start sanlock with the watchdog and the stable name "
                            + node, "make sanlock.service start sanlock with the watchdog (fencing) and the stable "
                            + "name " + node + ", after wdmd");
            if (!s.hardwareWatchdog()) {
                write(steps, drift, node, LockSetup.WATCHDOG_MODULES, s.watchdogModules(), WATCHDOG_MODULES_TEXT,
                        node + " has no hardware watchdog and softdog is not loaded at boot",
                        "load softdog at boot on " + node + ": wdmd needs a watchdog device");
            }
            if (!s.unitsNotEnabled().isEmpty()) {
                why.add(units(s.unitsNotEnabled()) + " not enabled (not started at boot)");
            }
        } else if (s != null) {
            drift.add(new Drift("node " + node, node, "no systemctl on " + node + ": lvmops starts wdmd, sanlock and "
                    + "lvmlockd but cannot make them start at boot (the node's init must)"));
        }
        if (s != null && c.daemonRunning("sanlock") && s.sanlockName() != null) {
            List<String> wrong = new ArrayList<>();
            if (!s.sanlockName().equals(node)) {
                wrong.add("runs as " + s.sanlockName() + ", not " + node);
            }
            if (!Boolean.TRUE.equals(s.sanlockWatchdog())) {
                wrong.add("runs without the watchdog (no fencing)");
            }
            List<String> held = new ArrayList<>(c.lockspaces());
            held.addAll(s.lockspacesChanging());
            if (!wrong.isEmpty() && held.isEmpty()) {
                restart = true;
                why.add("sanlock " + String.join(" and ", wrong) + ": restarted (it holds no lockspace)");
            } else if (!wrong.isEmpty()) {
                drift.add(new Drift("node " + node, node, "sanlock on " + node + " " + String.join(" and ", wrong)
                        + "; lvmops does not restart it while it holds lockspaces (" + String.join(", ", held)
                        + "): stop them (vgchange --lockstop) and plan again"));
            }
        }
        if (!why.isEmpty()) {
            steps.add(new LockDaemonsStart(node, node, restart, "guard: sanlock on " + node + ": "
                    + String.join("; ", why)));
        }
        return new Result(steps, drift, List.of());
    }

    private static String units(List<String> names) {
        return String.join(", ", names.stream().map(u -> u + ".service").toList());
    }

    /** A file lvmops owns whole: written when it differs, only if it is still what was observed. */
    private static void write(List<Step> steps, List<Drift> drift, String node, String path, String have,
                              String want, String problem, String reason) {
        if (Objects.equals(have, want)) {
            return;
        }
        drift.add(new Drift("node " + node, node, problem));
        steps.add(new LvmConfigWrite(node, path, GuardPlanner.sha256(have), want, UnifiedDiff.of(path, have, want),
                reason));
    }
}
