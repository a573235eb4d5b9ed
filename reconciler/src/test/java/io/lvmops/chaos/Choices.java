package io.lvmops.chaos;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Everything a campaign run decides at random, drawn from its seed alone: the same seed makes the same choices (the
 * timing of the nodes is what varies). Node roles are relative to the workload's LV (its owner before the run and
 * the other node), so a run is reproducible whichever node owns the LV when it starts.
 *
 * @param stepsBeforeFault how many steps of the apply complete before the fault strikes (0: during its observation,
 *                         {@code delayMillis} after it starts); capped at the plan's length minus one
 * @param holdSeconds      how long a transient fault (a lost iSCSI path, SSH sessions being cut) lasts
 */
record Choices(long seed, Workload workload, Guard guard, Fault fault, Role faultOn, int stepsBeforeFault,
               int delayMillis, int holdSeconds, boolean daemonHandsOver, Role createdOwner) {

    /** What the run asks of lvmops. */
    enum Workload {
        CREATE, GROW, HANDOVER, DAEMON, REMOVE;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The guard of the VG the workload works on. */
    enum Guard {
        TAGS, SANLOCK;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What goes wrong while the apply runs. */
    enum Fault {
        POWER_OFF("power-off"),
        SSH_CUT("ssh-cut"),
        PATH_LOSS("path-loss"),
        LVM_BLIND("lvm-blind"),
        CONCURRENT_APPLY("concurrent-apply"),
        DAEMON_AND_CLI("daemon+cli"),
        ROGUE_ACTIVATION("rogue-activation");

        private final String label;

        Fault(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /** A node, relative to the workload's LV: the node that owns it when the run starts, or the other one. */
    enum Role {
        OWNER, OTHER
    }

    static Choices of(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Workload workload = pick(r, Workload.values());
        Guard guard = pick(r, Guard.values());
        Fault fault = pick(r, Fault.values());
        // a rogue activates where the LV must not be: on the node that will not own it
        Role faultOn = pick(r, Role.values());
        int steps = r.nextInt(0, 10);
        int delay = r.nextInt(0, 4000);
        int hold = r.nextInt(5, 21);
        boolean handsOver = r.nextBoolean();
        Role createdOwner = pick(r, Role.values());
        return new Choices(seed, workload, guard, fault, faultOn, steps, delay, hold, handsOver, createdOwner);
    }

    private static <T> T pick(SplittableRandom r, T[] values) {
        return values[r.nextInt(values.length)];
    }

    /** Whether the workload moves its LV to the other node. */
    boolean handsOver() {
        return workload == Workload.HANDOVER || (workload == Workload.DAEMON && daemonHandsOver);
    }

    String describe() {
        return String.format(Locale.ROOT, "seed %d: %s on a guard %s VG, %s on the %s node after %d step(s)%s",
                seed, workload.label(), guard.label(), fault.label(), fault == Fault.ROGUE_ACTIVATION
                        ? "non-owner" : faultOn.name().toLowerCase(Locale.ROOT),
                stepsBeforeFault, stepsBeforeFault == 0 ? " (+" + delayMillis + " ms)" : "");
    }
}
