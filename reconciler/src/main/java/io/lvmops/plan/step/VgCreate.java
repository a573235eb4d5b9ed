package io.lvmops.plan.step;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.util.List;

/**
 * @param extentSizeBytes   null for LVM's default extent size
 * @param autoactivationOff whether the node's LVM supports (>= 2.03.12) {@code --setautoactivation n}
 * @param shared            lvmlockd/sanlock VG ({@code guard: sanlock})
 * @param initialises       the devices that are no PV yet and that vgcreate itself initialises (a shared VG: with
 *                          lvmlockd, pvcreate needs the global lock that the first shared VG creates); the node
 *                          proves them blank immediately before ({@link BlankProof}), as before a pvcreate
 */
public record VgCreate(String node, String vg, List<String> devices, Long extentSizeBytes, boolean autoactivationOff,
                       boolean shared, List<String> initialises, String reason) implements Step {
    @JsonCreator
    public VgCreate {
        devices = List.copyOf(devices);
        initialises = List.copyOf(initialises == null ? List.of() : initialises);
        if (!devices.containsAll(initialises)) {
            throw new IllegalArgumentException("vgcreate " + vg + " would initialise " + initialises
                    + ", not all of them among its devices " + devices);
        }
    }

    /** A VG whose devices are all PVs already (pvcreate ran before it). */
    public VgCreate(String node, String vg, List<String> devices, Long extentSizeBytes, boolean autoactivationOff,
                    boolean shared, String reason) {
        this(node, vg, devices, extentSizeBytes, autoactivationOff, shared, List.of(), reason);
    }

    @Override
    public Action action() {
        return Action.CREATE;
    }

    @Override
    public List<String> argv() {
        List<String> vgcreate = vgcreate();
        return initialises.isEmpty() ? vgcreate : BlankProof.guard(initialises, vgcreate);
    }

    @Override
    public String commandLine() {
        return initialises.isEmpty() ? ShellWords.join(vgcreate()) : BlankProof.commandLine(initialises, vgcreate());
    }

    private List<String> vgcreate() {
        return LvmCommands.vgcreate(vg, devices, extentSizeBytes, autoactivationOff, shared);
    }
}
