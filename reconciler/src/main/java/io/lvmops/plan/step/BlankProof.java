package io.lvmops.plan.step;

import java.util.ArrayList;
import java.util.List;

/**
 * The node-side proof that a device is blank, run by the same step immediately before the command that would
 * destroy its content (pvcreate, vgcreate --shared, mkfs): a constant script ({@code blank-proof.sh}) with the
 * device paths as positional arguments, which runs the command only if every device is a block device, {@code wipefs
 * -n} lists nothing, {@code blkid -p} exits 2 without a word, and the first and last MiB read as zeros. Otherwise it
 * exits {@link #NOT_BLANK} with the evidence on stderr and runs nothing. A plan-time probe is not enough: it is older
 * than the step, and {@code blkid -p} exits 2 for content it does not recognise (a database file, plain dm-crypt)
 * and for a device it could not read.
 */
public final class BlankProof {
    /** The script's exit code when a device is not provably blank. */
    public static final int NOT_BLANK = 97;
    public static final String SCRIPT = StepScript.load("blank-proof.sh");
    static final String NAME = "lvmops-blank";

    private BlankProof() {
    }

    /** {@code sh -c SCRIPT lvmops-blank -b DEVICE... -- COMMAND...}: runs {@code command} only on blank devices. */
    public static List<String> guard(List<String> devices, List<String> command) {
        if (devices.isEmpty() || command.isEmpty()) {
            throw new IllegalArgumentException("a blank proof needs a device and a command");
        }
        List<String> argv = new ArrayList<>(List.of("sh", "-c", SCRIPT, NAME, "-b"));
        argv.addAll(devices);
        argv.add("--");
        argv.addAll(command);
        return List.copyOf(argv);
    }

    /** How the plan shows a guarded command: the check in words, then the command itself. */
    public static String commandLine(List<String> devices, List<String> command) {
        return "(if " + String.join(", ", devices) + (devices.size() == 1 ? " is" : " are") + " provably blank) "
                + ShellWords.join(command);
    }
}
