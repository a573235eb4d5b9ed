package io.lvmops.plan;

import io.lvmops.model.DeviceSpec;
import io.lvmops.model.FilesystemSpec;
import io.lvmops.model.FsType;
import io.lvmops.model.IscsiSpec;
import io.lvmops.model.LogicalVolumeSpec;
import io.lvmops.model.LvState;
import io.lvmops.model.NodeSpec;
import io.lvmops.model.Size;
import io.lvmops.model.Spec;
import io.lvmops.model.VolumeGroupSpec;
import io.lvmops.observe.DeviceProbe;
import io.lvmops.observe.FleetObservation;
import io.lvmops.observe.IscsiSession;
import io.lvmops.observe.LvAttr;
import io.lvmops.observe.MountEntry;
import io.lvmops.observe.NodeObservation;
import io.lvmops.observe.ObservedLv;
import io.lvmops.observe.ObservedPv;
import io.lvmops.observe.ObservedVg;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test fixtures: the two-node spec of the write-up, and a builder for what a node shows. */
public final class Fx {
    public static final String IQN = "iqn.2016-11.com.test:block-a";
    public static final String PORTAL = "10.0.2.2:3260";
    public static final String DEV = "/dev/mapper/test_block_a";
    public static final long G = 1L << 30;
    public static final String LVM = "2.03.16(2) (2022-05-18)";

    private Fx() {
    }

    public static Spec twoNodes() {
        return spec(lv("lv01", "n1", G, FsType.EXT4, "/mnt/t_lv01"));
    }

    public static Spec spec(LogicalVolumeSpec... lvs) {
        return new Spec(List.of(NodeSpec.of("n1", "10.0.2.15"), NodeSpec.of("n2", "10.0.2.16")),
                List.of(new DeviceSpec("lun-a", DEV, new IscsiSpec("10.0.2.2", 3260, IQN, 1))),
                List.of(new VolumeGroupSpec("vg0", List.of("lun-a"), Size.parse("4M"), null, null)),
                Arrays.asList(lvs));
    }

    public static LogicalVolumeSpec lv(String name, String owner, long bytes, FsType fs, String mountPoint) {
        return new LogicalVolumeSpec(name, "vg0", Size.ofBytes(bytes), owner,
                fs == null ? null : new FilesystemSpec(fs, mountPoint), LvState.PRESENT);
    }

    public static FleetObservation fleet(NodeObservation... nodes) {
        return FleetObservation.of(Instant.parse("2026-01-01T00:00:00Z"), List.of(nodes));
    }

    public static NodeBuilder node(String name) {
        return new NodeBuilder(name);
    }

    public static final class NodeBuilder {
        private final String name;
        private String lvmVersion = LVM;
        private final List<ObservedPv> pvs = new ArrayList<>();
        private final List<ObservedVg> vgs = new ArrayList<>();
        private final List<ObservedLv> lvs = new ArrayList<>();
        private final List<IscsiSession> sessions = new ArrayList<>();
        private final List<MountEntry> mounts = new ArrayList<>();
        private final List<DeviceProbe> devices = new ArrayList<>();

        NodeBuilder(String name) {
            this.name = name;
        }

        public NodeBuilder lvm(String version) {
            this.lvmVersion = version;
            return this;
        }

        /** Logged in; the device shows the given signature ("" blank, "LVM2_member", "ext4"...). */
        public NodeBuilder loggedIn(String signature) {
            sessions.add(new IscsiSession(PORTAL + ",1", IQN));
            devices.add(new DeviceProbe(DEV, true, signature, 8 * G));
            return this;
        }

        /** Logged in to a target whose device shows under path with this identity (blank). */
        public NodeBuilder sees(String path, String iqn, String identity) {
            sessions.add(new IscsiSession(PORTAL + ",1", iqn));
            devices.add(new DeviceProbe(path, true, "", 8 * G, null, identity, null));
            return this;
        }

        /** Logged in, the device is a PV of vg0 (autoactivation off unless said). */
        public NodeBuilder withVg(Boolean autoactivation) {
            loggedIn("LVM2_member");
            pvs.add(new ObservedPv(DEV, "pv-uuid", "vg0", 8 * G, 4 * G));
            vgs.add(new ObservedVg("vg0", "vg-uuid", 8 * G, 4 * G, 4L << 20, List.of(DEV), List.of(), "",
                    autoactivation));
            return this;
        }

        public NodeBuilder withVg() {
            return withVg(false);
        }

        private Boolean lvAutoactivation = false;

        /** The autoactivation flag of the LVs added after this call (false by default; null: LVM too old). */
        public NodeBuilder lvAutoactivation(Boolean on) {
            this.lvAutoactivation = on;
            return this;
        }

        public NodeBuilder lv(String lv, long bytes, boolean active, boolean open, String... tags) {
            String attr = "-wi-" + (active ? "a" : "-") + (open ? "o" : "-") + "----";
            lvs.add(new ObservedLv("vg0", lv, "uuid-" + lv, bytes, LvAttr.parse(attr), active, open, List.of(tags),
                    null, null, lvAutoactivation, ""));
            if (active) {
                devices.add(new DeviceProbe("/dev/vg0/" + lv, true, "ext4", bytes));
            }
            return this;
        }

        /** Overrides the probe of an active LV's device ("" = blank). */
        public NodeBuilder content(String lv, String signature) {
            devices.removeIf(d -> d.path().equals("/dev/vg0/" + lv));
            devices.add(new DeviceProbe("/dev/vg0/" + lv, true, signature, G));
            return this;
        }

        /**
         * The active LV's probe: its device-mapper table maps {@code tableBytes} and its ext4/xfs (by the current
         * signature) says it is {@code fsBytes} with a tail like the lab's 1G ext4 (694 blocks) or xfs's 16 MiB.
         */
        public NodeBuilder filesystem(String lv, long tableBytes, long fsBytes) {
            String path = "/dev/vg0/" + lv;
            DeviceProbe old = devices.stream().filter(d -> d.path().equals(path)).findFirst().orElseThrow();
            long tail = "xfs".equals(old.signatureType()) ? 16L << 20 : 694L * 4096;
            devices.replaceAll(d -> d.path().equals(path) ? new DeviceProbe(path, true, old.signatureType(), tableBytes,
                    new io.lvmops.observe.ObservedFilesystem(old.signatureType(), fsBytes, tail)) : d);
            return this;
        }

        public NodeBuilder mounted(String lv, String mountPoint) {
            mounts.add(new MountEntry("/dev/mapper/vg0-" + lv, mountPoint, "ext4"));
            return this;
        }

        private String lvmlocal = GUARDED;

        /** The node's lvmlocal.conf is Debian's default: no guard configured yet. */
        public NodeBuilder unguarded() {
            this.lvmlocal = DEBIAN_LVMLOCAL;
            return this;
        }

        /** The node's lvmlocal.conf is exactly this text (null: no file). */
        public NodeBuilder lvmlocal(String text) {
            this.lvmlocal = text;
            return this;
        }

        /**
         * What this node reads as the device under {@link #DEV}: its identity (a dm UUID such as mpath-3600..., a
         * naa. WWID, or null for unknown), its size, and the PV UUID on it (null when it carries no LVM label).
         */
        public NodeBuilder identity(String identity, long sizeBytes, String pvUuid) {
            devices.replaceAll(d -> d.path().equals(DEV) ? new DeviceProbe(DEV, true, d.signatureType(), sizeBytes,
                    null, identity, pvUuid) : d);
            pvs.replaceAll(pv -> pv.name().equals(DEV) && pvUuid != null
                    ? new ObservedPv(DEV, pvUuid, pv.vg(), pv.sizeBytes(), pv.freeBytes()) : pv);
            return this;
        }

        /** The UUID of this node's vg0 (withVg gives "vg-uuid"). */
        public NodeBuilder vgUuid(String uuid) {
            vgs.replaceAll(v -> v.name().equals("vg0") ? new ObservedVg("vg0", uuid, v.sizeBytes(), v.freeBytes(),
                    v.extentSizeBytes(), v.pvNames(), v.tags(), v.lockType(), v.autoactivation()) : v);
            return this;
        }

        public NodeObservation build() {
            String file = lvmlocal == GUARDED ? guardedLvmlocal(name) : lvmlocal;
            boolean enforced = lvmlocal == GUARDED;
            return new NodeObservation(name, true, null, name, lvmVersion, pvs, vgs, lvs, sessions, mounts, devices,
                    List.of(), List.of(), new io.lvmops.observe.NodeLvmConfig(
                    enforced ? List.of("@lvmops_owner_" + name) : null, null, false, 0, file, java.util.Map.of()));
        }
    }

    /** Debian 12's /etc/lvm/lvmlocal.conf (comments shortened). */
    public static final String DEBIAN_LVMLOCAL = "# This is a local configuration file template for the LVM2 system\n"
            + "# which should be installed as /etc/lvm/lvmlocal.conf .\n#\n"
            + "local {\n\t# system_id = \"\"\n\n\t# host_id = 0\n}\n";
    private static final String GUARDED = new String("guarded");

    /** The lvmlocal.conf lvmops writes on a node of the two-node spec (guard: tags, no local VG). */
    public static String guardedLvmlocal(String node) {
        NodeObservation bare = new NodeObservation(node, true, null, node, LVM, List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of(), new io.lvmops.observe.NodeLvmConfig(null, null,
                false, 0, DEBIAN_LVMLOCAL, java.util.Map.of()));
        var result = io.lvmops.plan.guard.GuardPlanner.plan(twoNodes(), List.of(bare));
        return ((io.lvmops.plan.step.LvmConfigWrite) result.steps().get(0)).content();
    }
}
