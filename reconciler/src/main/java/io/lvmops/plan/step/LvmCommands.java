package io.lvmops.plan.step;

import java.util.ArrayList;
import java.util.List;

/**
 * The one place that builds {@code lvm} command lines. Every call goes through the {@code lvm} binary (not the
 * symlinks), sizes are exact bytes with a {@code b} suffix, and every command carries
 * {@code --config devices/hints=none}: LVM's hints file ({@code /run/lvm/hints}) is per node and is invalidated only
 * by commands run on that node, so after another node ran pvcreate/vgextend on a shared LUN the hints here can hide
 * the new PV. Scanning the few devices a node has costs far less than acting on a stale view.
 */
public final class LvmCommands {
    /** The owner tag prefix: {@code lvmops_owner_<node>} names the only node that may activate the LV. */
    public static final String OWNER_TAG_PREFIX = "lvmops_owner_";

    private LvmCommands() {
    }

    public static String ownerTag(String node) {
        return OWNER_TAG_PREFIX + node;
    }

    public static String lvPath(String vg, String lv) {
        return "/dev/" + vg + "/" + lv;
    }

    private static List<String> lvm(String subcommand) {
        List<String> argv = new ArrayList<>();
        argv.add("lvm");
        argv.add(subcommand);
        argv.add("--config");
        argv.add("devices/hints=none");
        return argv;
    }

    public static List<String> pvcreate(String device) {
        List<String> argv = lvm("pvcreate");
        argv.add(device);
        return List.copyOf(argv);
    }

    /**
     * @param extentSizeBytes null for LVM's default
     * @param autoactivationOff {@code --setautoactivation n} (LVM >= 2.03.12): a managed VG must never be activated by
     *                          udev at iSCSI login or boot, which is how an LV ends up active on every node
     * @param shared            {@code --shared} for lvmlockd/sanlock VGs
     */
    public static List<String> vgcreate(String vg, List<String> devices, Long extentSizeBytes, boolean autoactivationOff,
                                        boolean shared) {
        List<String> argv = lvm("vgcreate");
        if (shared) {
            argv.add("--shared");
        }
        if (extentSizeBytes != null) {
            argv.add("-s");
            argv.add(extentSizeBytes + "b");
        }
        if (autoactivationOff) {
            argv.add("--setautoactivation");
            argv.add("n");
        }
        argv.add(vg);
        argv.addAll(devices);
        return List.copyOf(argv);
    }

    public static List<String> vgextend(String vg, String device) {
        List<String> argv = lvm("vgextend");
        argv.add(vg);
        argv.add(device);
        return List.copyOf(argv);
    }

    /**
     * Creates the LV active on the node that runs it, zeroed ({@code -Zy}) with every old signature wiped
     * ({@code -Wy --yes}): LVM can only zero and wipe an LV it activates ({@code -an} requires {@code -Zn}), and an
     * unzeroed LV on reused extents would show a stale filesystem that "mkfs only when blank" would then trust.
     * {@code -Zy} zeroes only the first 4 KiB: {@link LvCreate} runs this behind {@link NewLvZeroing} for the rest.
     */
    public static List<String> lvcreate(String vg, String lv, long sizeBytes, boolean exclusive, List<String> tags,
                                        boolean autoactivationOff) {
        List<String> argv = lvm("lvcreate");
        argv.add("--yes");
        argv.add("-n");
        argv.add(lv);
        argv.add("-L");
        argv.add(sizeBytes + "b");
        argv.add(exclusive ? "-aey" : "-ay");
        argv.add("-Zy");
        argv.add("-Wy");
        if (autoactivationOff) {
            argv.add("--setautoactivation");
            argv.add("n");
        }
        for (String tag : tags) {
            argv.add("--addtag");
            argv.add(tag);
        }
        argv.add(vg);
        return List.copyOf(argv);
    }

    public static List<String> lvextend(String vg, String lv, long sizeBytes) {
        List<String> argv = lvm("lvextend");
        argv.add("-L");
        argv.add(sizeBytes + "b");
        argv.add(vg + "/" + lv);
        return List.copyOf(argv);
    }

    public static List<String> activate(String vg, String lv, boolean exclusive) {
        return lvchange(vg, lv, exclusive ? "-aey" : "-ay");
    }

    public static List<String> deactivate(String vg, String lv) {
        return lvchange(vg, lv, "-an");
    }

    public static List<String> refresh(String vg, String lv) {
        return lvchange(vg, lv, "--refresh");
    }

    public static List<String> changeTags(String vg, String lv, List<String> add, List<String> delete) {
        List<String> argv = lvm("lvchange");
        for (String tag : delete) {
            argv.add("--deltag");
            argv.add(tag);
        }
        for (String tag : add) {
            argv.add("--addtag");
            argv.add(tag);
        }
        argv.add(vg + "/" + lv);
        return List.copyOf(argv);
    }

    public static List<String> lvAutoactivationOff(String vg, String lv) {
        return lvchange(vg, lv, "--setautoactivation", "n");
    }

    public static List<String> vgAutoactivationOff(String vg) {
        List<String> argv = lvm("vgchange");
        argv.add("--setautoactivation");
        argv.add("n");
        argv.add(vg);
        return List.copyOf(argv);
    }

    /** Starts the VG's lvmlockd lockspace on this node and waits until it is ready. */
    public static List<String> lockStart(String vg) {
        List<String> argv = lvm("vgchange");
        argv.add("--lockstart");
        argv.add(vg);
        return List.copyOf(argv);
    }

    public static List<String> lvremove(String vg, String lv) {
        List<String> argv = lvm("lvremove");
        argv.add(vg + "/" + lv);
        return List.copyOf(argv);
    }

    /**
     * Rescans the node's devices: updates lvmetad on LVM 2.02 and the online-PV state on 2.03 (no activation without
     * {@code -aay}). Used after an iSCSI login and before activating on a node that did not run the VG's metadata
     * change.
     */
    public static List<String> pvscanCache() {
        List<String> argv = lvm("pvscan");
        argv.add("--cache");
        return List.copyOf(argv);
    }

    private static List<String> lvchange(String vg, String lv, String... options) {
        List<String> argv = lvm("lvchange");
        argv.addAll(List.of(options));
        argv.add(vg + "/" + lv);
        return List.copyOf(argv);
    }
}
