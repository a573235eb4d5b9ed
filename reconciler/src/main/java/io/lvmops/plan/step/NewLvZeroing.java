package io.lvmops.plan.step;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs lvcreate and then, in the same command on the same node, zeroes the first and last MiB of the LV it created
 * (all of it at 2 MiB or less): a constant script ({@code new-lv-zero.sh}) with the VG, LV, device and lvcreate's
 * argv as positional arguments. {@code lvcreate -Zy} zeroes only the first 4 KiB, so an LV on extents that held data
 * would fail the {@link BlankProof} its mkfs runs behind; one step, so no LV is left created but unzeroed between
 * two steps. The script zeroes nothing it did not create: the LV must be absent before (an lvs that fails is not
 * "absent"), lvcreate must exit 0, and the LV must then be active on this node (lvcreate activates it there).
 */
public final class NewLvZeroing {
    /** Nothing ran: the LV exists already, or whether it exists is unknown. */
    public static final int EXISTS_OR_UNKNOWN = 95;
    /** The LV was created, but its head and tail were not zeroed (the reason on stderr). */
    public static final int CREATED_NOT_ZEROED = 94;
    public static final String SCRIPT = StepScript.load("new-lv-zero.sh");
    static final String NAME = "lvmops-new-lv";

    private NewLvZeroing() {
    }

    /** {@code sh -c SCRIPT lvmops-new-lv -b VG LV /dev/VG/LV -- LVCREATE...}. */
    public static List<String> wrap(String vg, String lv, List<String> lvcreate) {
        if (lvcreate.isEmpty()) {
            throw new IllegalArgumentException("no lvcreate command to wrap");
        }
        List<String> argv = new ArrayList<>(List.of("sh", "-c", SCRIPT, NAME, "-b", vg, lv, LvmCommands.lvPath(vg, lv),
                "--"));
        argv.addAll(lvcreate);
        return List.copyOf(argv);
    }

    /** How the plan shows it: lvcreate as it runs, then the zeroing in words. */
    public static String commandLine(String vg, String lv, List<String> lvcreate) {
        return ShellWords.join(lvcreate) + ", then zero the first and last MiB of the new " + LvmCommands.lvPath(vg, lv)
                + " (dd oflag=direct conv=fsync; only if this lvcreate created it and it is active here)";
    }
}
