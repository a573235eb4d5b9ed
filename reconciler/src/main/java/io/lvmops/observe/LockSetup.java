package io.lvmops.observe;

import java.util.List;
import java.util.Map;

/**
 * guard: sanlock, what decides whether a node's lock daemons are set up right and come back after a reboot, beyond
 * whether they run now ({@link NodeLvmConfig#lockDaemons()}).
 *
 * @param systemctl          whether the node has {@code systemctl}: boot persistence goes through the distribution's
 *                           systemd units ({@code systemctl enable} works without a running systemd too)
 * @param unitsEnabled       unit ({@code wdmd}, {@code sanlock}, {@code lvmlockd}, {@code lvmlocks}) to
 *                           {@code enabled}, {@code disabled}, {@code masked} or {@code absent} (no unit file: the
 *                           package is missing), as {@code systemctl is-enabled} would say for these units, read from
 *                           the links in {@code /etc/systemd/system}; empty without systemctl
 * @param sanlockName        the running sanlock's host name ({@code our_host_name}); null when sanlock does not run
 * @param sanlockWatchdog    whether the running sanlock uses the watchdog (its fencing); null when it does not run
 * @param watchdogs          the identities of the node's watchdog devices ({@code /sys/class/watchdog/}), e.g.
 *                           {@code Software Watchdog} for softdog
 * @param lockspacesChanging VGs whose lockspace is being started or stopped (sanlock's {@code ADD}/{@code REM})
 * @param sanlockDropIn      the text of lvmops' drop-in for sanlock.service; null when absent
 * @param watchdogModules    the text of lvmops' modules-load.d file; null when absent
 */
public record LockSetup(boolean systemctl, Map<String, String> unitsEnabled, String sanlockName,
                        Boolean sanlockWatchdog, List<String> watchdogs, List<String> lockspacesChanging,
                        String sanlockDropIn, String watchdogModules) {
    /** The units lvmops enables: the daemons, and lvmlocks.service, which starts the lockspaces at boot. */
    public static final List<String> UNITS = List.of("wdmd", "sanlock", "lvmlockd", "lvmlocks");
    public static final String SANLOCK_DROP_IN = "/etc/systemd/system/sanlock.service.d/lvmops.conf";
    public static final String WATCHDOG_MODULES = "/etc/modules-load.d/lvmops-watchdog.conf";
    /** What softdog's {@code identity} says; any other watchdog is hardware (or a hypervisor's) and needs no module. */
    public static final String SOFTDOG_IDENTITY = "Software Watchdog";

    public LockSetup {
        unitsEnabled = Map.copyOf(unitsEnabled);
        watchdogs = List.copyOf(watchdogs);
        lockspacesChanging = List.copyOf(lockspacesChanging);
    }

    /** Whether the unit starts at boot. */
    public boolean enabled(String unit) {
        return "enabled".equals(unitsEnabled.get(unit));
    }

    /** The units that do not start at boot (all of them when the node has no systemctl). */
    public List<String> unitsNotEnabled() {
        return UNITS.stream().filter(u -> !enabled(u)).toList();
    }

    /** The units in the given state ({@code absent}, {@code masked}...). */
    public List<String> units(String state) {
        return UNITS.stream().filter(u -> state.equals(unitsEnabled.get(u))).toList();
    }

    /** Whether a watchdog other than softdog exists (then no module needs loading at boot). */
    public boolean hardwareWatchdog() {
        return watchdogs.stream().anyMatch(w -> !w.equals(SOFTDOG_IDENTITY));
    }
}
