package io.lvmops.plan.step;

import java.util.Set;

/**
 * What a step can affect beyond its own node, which decides what it may run concurrently with (see
 * {@link io.lvmops.plan.StepGraph}). A step type not listed here is {@link #CLUSTER}: the safe default.
 */
public enum StepScope {
    /**
     * Only its own node: iSCSI records and sessions, device waits and probes, mount points, filesystems of an LV
     * active on that node only, the node's LVM configuration and lock daemons. Another node cannot see it happen.
     */
    NODE,
    /** The VG metadata on the shared disk (pvcreate, vgcreate, lvcreate, lvextend, tags, ...): every node reads it. */
    METADATA,
    /**
     * Where an LV is active, and lease state: the steps the safety invariants are about (deactivate, verify,
     * activate, refresh, lock starts and lease waits). They run alone, after everything before them in the plan and
     * before everything after.
     */
    CLUSTER;

    private static final Set<Class<? extends Step>> NODE_STEPS = Set.of(IscsiNodeCreate.class,
            IscsiStartupAutomatic.class, IscsiLogin.class, WaitForDevice.class, Rescan.class,
            MakeMountPoint.class, Mkfs.class, Mount.class, Umount.class, FsGrow.class, LvmConfigWrite.class,
            LockDaemonsStart.class);
    private static final Set<Class<? extends Step>> METADATA_STEPS = Set.of(PvCreate.class, VgCreate.class,
            VgExtend.class, VgAutoactivationOff.class, LvCreate.class, LvExtend.class, LvAutoactivationOff.class,
            LvTags.class, LvRemove.class);

    // VerifyBlank and VerifySameDevice are CLUSTER: the other nodes log in to a device nobody had seen only after
    // it is proven blank, and the first write to it waits for every node's view to be compared.
    public static StepScope of(Step step) {
        if (NODE_STEPS.contains(step.getClass())) {
            return NODE;
        }
        return METADATA_STEPS.contains(step.getClass()) ? METADATA : CLUSTER;
    }
}
