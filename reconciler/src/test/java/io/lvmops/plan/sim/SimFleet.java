package io.lvmops.plan.sim;

import io.lvmops.model.DeviceSpec;
import io.lvmops.model.LogicalVolumeSpec;
import io.lvmops.model.Spec;
import io.lvmops.observe.DeviceProbe;
import io.lvmops.observe.DmDevice;
import io.lvmops.observe.FleetObservation;
import io.lvmops.observe.IscsiSession;
import io.lvmops.observe.LvAttr;
import io.lvmops.observe.MountEntry;
import io.lvmops.observe.NodeObservation;
import io.lvmops.observe.ObservedFilesystem;
import io.lvmops.observe.ObservedLv;
import io.lvmops.observe.ObservedPv;
import io.lvmops.observe.ObservedVg;
import io.lvmops.plan.PlanOptions;
import io.lvmops.plan.step.*;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An executable model of a fleet of nodes sharing iSCSI LUNs: what each step does to the shared disks and to each
 * node's device-mapper state, what LVM refuses, and what an observation of it shows. An iSCSI login autoactivates
 * what real LVM would: every LV of a VG the node now fully sees whose VG and LV autoactivation are on (LVM before
 * 2.03.12 ignores both flags and has only auto_activation_volume_list), as far as the node's volume_list admits it;
 * a double activation that causes is a breach like any other. Unreachable nodes keep a hidden state the planner
 * cannot see: an activation while such a node holds the LV is a double activation.
 *
 * <p>Each step checks the safety invariants; a breach throws {@link InvariantViolation}. A refusal that the
 * real tools would also produce (mount of a blank LV, ...) throws {@link StepFailed}.
 */
public final class SimFleet {
    public static final class InvariantViolation extends AssertionError {
        InvariantViolation(String message) {
            super(message);
        }
    }

    public static final class StepFailed extends RuntimeException {
        StepFailed(String message) {
            super(message);
        }
    }

    /** A fresh LVM UUID (32 characters, dashes left out as in a dm UUID). */
    private static final java.util.concurrent.atomic.AtomicLong UUIDS = new java.util.concurrent.atomic.AtomicLong();

    static String newUuid() {
        return String.format("%032x", UUIDS.incrementAndGet());
    }

    public static final class Lv {
        /** Its LV UUID: a new LV of the same name (after a removal) is another LV, with another dm UUID. */
        final String uuid = newUuid();
        long size;
        List<String> tags = new ArrayList<>();
        boolean autoactivation;
        /** "" blank, else a signature type. */
        String content;
        /** The filesystem's own size (its superblock, on the shared disk) when content is ext4 or xfs. */
        long fsSize;

        Lv(long size, List<String> tags, boolean autoactivation, String content) {
            this.size = size;
            this.tags = new ArrayList<>(tags);
            this.autoactivation = autoactivation;
            this.content = content;
            this.fsSize = isFilesystem(content) ? size - leftOver(content) : 0;
        }
    }

    static boolean isFilesystem(String content) {
        return "ext4".equals(content) || "xfs".equals(content);
    }

    /** The tail the real tools may leave unused (the lab's 1G ext4: 694 blocks; xfs: an AG under 16 MiB). */
    static long tail(String fsType) {
        return "xfs".equals(fsType) ? 16L << 20 : 694L * 4096;
    }

    /** What mkfs and a grow leave off in this model: the worst case, one block less than the tail. */
    static long leftOver(String fsType) {
        return "xfs".equals(fsType) ? 63L * 4096 : 693L * 4096;
    }

    public static final class Vg {
        final String uuid = newUuid();
        boolean autoactivation;
        long extent = 4L << 20;
        final List<String> pvs = new ArrayList<>();
        final Map<String, Lv> lvs = new LinkedHashMap<>();
    }

    public static final class Node {
        final String name;
        boolean reachable = true;
        String lvmVersion = "2.03.16(2) (2022-05-18)";
        final Set<String> loggedIn = new HashSet<>();
        /**
         * The truth of what is active here: device-mapper's devices of LVs, "vg/lv" → its dm UUID and device number.
         * LVM's report is derived from it (as real LVM reads device-mapper); it stays when LVM here turns blind.
         */
        final Map<String, Mapping> dm = new TreeMap<>();
        /** mount point → "vg/lv": the mount table (a mount holds the dm device open). */
        final Map<String, String> mounts = new TreeMap<>();
        /** The size each active LV's device-mapper table maps here (lags behind an lvextend run on another node). */
        final Map<String, Long> table = new HashMap<>();
        final Set<String> heldOpen = new HashSet<>();
        /** /etc/lvm/lvmlocal.conf; null: no file. A volume_list of lvmops' block admits "@lvmops_owner_NAME". */
        String lvmlocal;
        /**
         * VGs this node's LVM cannot see (a filter or devices file hides the PV, the path is down): its report lacks
         * them and their PVs (the probe still finds LVM2_member), its LVM commands on them fail ("Volume group not
         * found"), but its device-mapper devices and mounts of their LVs stay, and count.
         */
        final Set<String> lvmBlind = new HashSet<>();
        /**
         * Spec device path → the LUN it really reaches here (another LUN's key in {@code disks}: the alias or the
         * path points at the wrong disk); absent: its own. Its probe and its LVM's report come from that LUN.
         */
        final Map<String, String> lun = new HashMap<>();
        /** dmsetup fails here: the observation carries dmError and no dm devices, while the mappings really exist. */
        boolean dmsetupFails;
        private int nextMinor;

        Node(String name) {
            this.name = name;
        }

        boolean maps(String key) {
            return dm.containsKey(key);
        }

        /** device-mapper's open count: its mounts and other holders. */
        int openCount(String key) {
            return (int) mounts.values().stream().filter(key::equals).count() + (heldOpen.contains(key) ? 1 : 0);
        }
    }

    /** A device-mapper device of an LV on one node: the LV's dm UUID when it was mapped, and its device number. */
    record Mapping(String uuid, String devno) {
    }

    final Spec spec;
    final PlanOptions options;
    /** device path → "" blank, "pv:" orphan PV, "pv:VG" PV of VG, or a foreign signature. */
    final Map<String, String> disks = new LinkedHashMap<>();
    final Map<String, Vg> vgs = new LinkedHashMap<>();
    final Map<String, Node> nodes = new LinkedHashMap<>();
    final Set<String> fenced = new HashSet<>();
    /**
     * Nodes removed from the spec (not observed, never stepped on): what they still map is hidden state, counted by
     * the invariant unless they are retired (then they hold nothing) or declared fenced.
     */
    final Map<String, Node> removed = new LinkedHashMap<>();
    /** The faults the scenario drew, by kind, with how each turned out (for the property test's statistics). */
    final Map<String, String> faults = new TreeMap<>();
    /** LVs created by the plan being simulated: they existed nowhere when it was made. */
    private final Set<String> createdNow = new HashSet<>();
    /** Deactivations not yet verified by re-observation, per LV. */
    private final Map<String, Set<String>> unverified = new HashMap<>();

    SimFleet(Spec spec, PlanOptions options) {
        this.spec = spec;
        this.options = options;
        spec.nodes().forEach(n -> nodes.put(n.name(), new Node(n.name())));
        spec.nodes().stream().filter(n -> n.fenced() || options.assumeFenced().contains(n.name()))
                .forEach(n -> fenced.add(n.name()));
        fenced.addAll(options.assumeFenced()); // also names outside the spec (a removed node declared dead)
    }

    static String key(String vg, String lv) {
        return vg + "/" + lv;
    }

    boolean sees(Node n, String path) {
        return spec.devices().stream().anyMatch(d -> d.path().equals(path) && n.loggedIn.contains(path));
    }

    boolean seesVg(Node n, String vg) {
        Vg v = vgs.get(vg);
        return v != null && v.pvs.stream().anyMatch(p -> seesLun(n, p));
    }

    /** The LUN (a key of {@code disks}) the node reaches by the spec's device path. */
    static String lunOf(Node n, String path) {
        return n.lun.getOrDefault(path, path);
    }

    boolean seesLun(Node n, String lun) {
        return spec.devices().stream().anyMatch(d -> sees(n, d.path()) && lunOf(n, d.path()).equals(lun));
    }

    /** The node's path of a LUN (what its LVM names the PV), the LUN's own key when it has none. */
    private String pathOf(Node n, String lun) {
        return spec.devices().stream().map(DeviceSpec::path).filter(p -> sees(n, p) && lunOf(n, p).equals(lun))
                .findFirst().orElse(lun);
    }

    /**
     * Nothing is created on a device whose nodes disagree: every node logged in to the spec's device path reaches
     * the same LUN by it. A node declared down (fenced) has no say while it is unreachable: the operator stated it
     * does not run, and it is compared once it is back.
     */
    private void identityAgreed(String path, Step step) {
        Set<String> luns = new java.util.TreeSet<>();
        Map<String, String> who = new TreeMap<>();
        nodes.values().stream().filter(x -> sees(x, path) && (x.reachable || !fenced.contains(x.name))).forEach(x -> {
            luns.add(lunOf(x, path));
            who.put(x.name + (x.reachable ? "" : " (unreachable)"), lunOf(x, path));
        });
        invariant(luns.size() <= 1, step + " on " + path + ", which the nodes reach as different LUNs: " + who);
    }

    /** Whether the node's LVM sees the VG: it sees one of its PVs and is not blind to it. */
    boolean lvmSeesVg(Node n, String vg) {
        return seesVg(n, vg) && !n.lvmBlind.contains(vg);
    }

    /** Maps the LV on the node now (activation, lvcreate, autoactivation), under the LV's current dm UUID. */
    void map(Node n, String key) {
        String[] vl = key.split("/");
        Mapping old = n.dm.get(key);
        n.dm.put(key, new Mapping(dmUuid(vl[0], vl[1]), old != null ? old.devno() : "253:" + (++n.nextMinor)));
    }

    String dmUuid(String vg, String lv) {
        return "LVM-" + vgs.get(vg).uuid + lv(vg, lv).uuid;
    }

    Lv lv(String vg, String lv) {
        Vg v = vgs.get(vg);
        return v == null ? null : v.lvs.get(lv);
    }

    /**
     * Nodes whose (real) device-mapper maps the LV, removed nodes' hidden state included, except fenced ones (dead by
     * declaration) and retired ones.
     */
    List<String> activeOn(String key) {
        List<String> on = new ArrayList<>();
        for (Node n : allNodes()) {
            if (n.maps(key) && !fenced.contains(n.name) && !spec.retiredNodes().contains(n.name)) {
                on.add(n.name);
            }
        }
        return on;
    }

    private List<Node> allNodes() {
        List<Node> all = new ArrayList<>(nodes.values());
        all.addAll(removed.values());
        return all;
    }

    void startPlan() {
        createdNow.clear();
        unverified.clear();
    }

    // ---- observation ----

    public FleetObservation observe() {
        List<NodeObservation> out = new ArrayList<>();
        for (Node n : nodes.values()) {
            out.add(n.reachable ? observe(n) : NodeObservation.unreachable(n.name, "simulated: unreachable"));
        }
        return FleetObservation.of(Instant.EPOCH, out);
    }

    private NodeObservation observe(Node n) {
        List<ObservedPv> pvs = new ArrayList<>();
        List<ObservedVg> vgList = new ArrayList<>();
        List<ObservedLv> lvs = new ArrayList<>();
        List<IscsiSession> sessions = new ArrayList<>();
        List<MountEntry> mounts = new ArrayList<>();
        List<DeviceProbe> probes = new ArrayList<>();
        List<DmDevice> dmDevices = new ArrayList<>();
        for (DeviceSpec d : spec.devices()) {
            if (!sees(n, d.path())) {
                probes.add(new DeviceProbe(d.path(), false, null, 0));
                continue;
            }
            sessions.add(new IscsiSession(d.iscsi().portal() + ",1", d.iscsi().target()));
            String c = disks.get(lunOf(n, d.path()));
            // blkid reads the disk itself: a PV's signature shows even where LVM is blind to its VG
            // the device's identity is its LUN's (as a WWID or serial would be): what tells two LUNs apart
            probes.add(new DeviceProbe(d.path(), true, c.startsWith("pv:") ? "LVM2_member" : c, 1L << 33, null,
                    "serial:" + lunOf(n, d.path()), null));
            if (c.startsWith("pv:") && !n.lvmBlind.contains(c.substring(3))) {
                pvs.add(new ObservedPv(d.path(), "u", c.substring(3), 1L << 33, 1L << 32));
            }
        }
        for (Map.Entry<String, Vg> e : vgs.entrySet()) {
            if (!lvmSeesVg(n, e.getKey())) {
                continue;
            }
            Vg v = e.getValue();
            boolean old = !n.lvmVersion.startsWith("2.03");
            vgList.add(new ObservedVg(e.getKey(), v.uuid, 1L << 33, 1L << 32, v.extent,
                    v.pvs.stream().map(p -> pathOf(n, p)).toList(), List.of(), "",
                    old ? null : v.autoactivation));
            for (Map.Entry<String, Lv> l : v.lvs.entrySet()) {
                String k = key(e.getKey(), l.getKey());
                Lv lv = l.getValue();
                // LVM lists an LV active when device-mapper has a device with its dm UUID, open by its open count
                Mapping m = n.dm.get(k);
                boolean active = m != null && m.uuid().equals(dmUuid(e.getKey(), l.getKey()));
                boolean open = active && n.openCount(k) > 0;
                lvs.add(new ObservedLv(e.getKey(), l.getKey(), lv.uuid, lv.size,
                        LvAttr.parse("-wi-" + (active ? "a" : "-") + (open ? "o" : "-") + "----"), active, open,
                        lv.tags, null, null, old ? null : lv.autoactivation, ""));
            }
        }
        for (Map.Entry<String, Mapping> m : n.dm.entrySet()) {
            String[] vl = m.getKey().split("/");
            dmDevices.add(new DmDevice(ObservedLv.dmName(vl[0], vl[1]), m.getValue().uuid(), n.openCount(m.getKey()),
                    m.getValue().devno()));
            Lv lv = lv(vl[0], vl[1]);
            if (lv != null && m.getValue().uuid().equals(dmUuid(vl[0], vl[1]))) {
                // blkid on the LV's device node (udev made it when device-mapper created the device)
                probes.add(new DeviceProbe("/dev/" + m.getKey(), true, lv.content, n.table.getOrDefault(m.getKey(),
                        lv.size), isFilesystem(lv.content) && lv.fsSize > 0
                        ? new ObservedFilesystem(lv.content, lv.fsSize, tail(lv.content)) : null));
            }
        }
        for (Map.Entry<String, String> m : n.mounts.entrySet()) {
            String[] vl = m.getValue().split("/");
            Mapping mapping = n.dm.get(m.getValue());
            Lv lv = lv(vl[0], vl[1]);
            mounts.add(new MountEntry("/dev/mapper/" + ObservedLv.dmName(vl[0], vl[1]), m.getKey(),
                    lv == null ? "ext4" : lv.content, mapping == null ? null : mapping.devno()));
        }
        boolean guarded = n.lvmlocal != null && n.lvmlocal.contains("\"@lvmops_owner_" + n.name + "\"");
        return new NodeObservation(n.name, true, null, n.name, n.lvmVersion, pvs, vgList, lvs, sessions, mounts,
                probes, n.dmsetupFails ? List.of() : dmDevices, List.of(), new io.lvmops.observe.NodeLvmConfig(guarded
                ? List.of("@lvmops_owner_" + n.name) : null, null, false, 0, n.lvmlocal, Map.of()),
                n.dmsetupFails ? "simulated: dmsetup: /dev/mapper/control: open failed" : null);
    }

    /** LVM on a node whose volume_list admits only its own tag refuses to activate an LV tagged otherwise. */
    private static void requireAdmitted(Node n, List<String> tags) {
        boolean guarded = n.lvmlocal != null && n.lvmlocal.contains("\"@lvmops_owner_" + n.name + "\"");
        require(!guarded || tags.contains("lvmops_owner_" + n.name), "LVM on " + n.name
                + " refuses: the LV is not tagged lvmops_owner_" + n.name + " (volume_list)");
    }

    // ---- steps ----

    public void apply(Step step) {
        Node n = nodes.get(step.node());
        if (n == null || !n.reachable) {
            throw new InvariantViolation("step on unreachable or unknown node " + step.node() + ": " + step);
        }
        Map<String, Set<String>> before = holders();
        run(n, step);
        noLvMappedOnTwoNodes(before, step);
    }

    private void run(Node n, Step step) {
        if (step instanceof IscsiNodeCreate s) {
            // nothing to model
        } else if (step instanceof IscsiStartupAutomatic s) {
            // nothing to model
        } else if (step instanceof IscsiLogin s) {
            Set<String> appeared = new HashSet<>();
            spec.devices().stream().filter(d -> d.iscsi().target().equals(s.target()))
                .forEach(d -> {
                    if (n.loggedIn.add(d.path())) {
                        appeared.add(d.path());
                    }
                });
            autoactivate(n, appeared, step);
        } else if (step instanceof WaitForDevice s) {
            require(sees(n, s.path()), s.path() + " never appeared on " + n.name);
        } else if (step instanceof Rescan s) {
            // nothing to model
        } else if (step instanceof VerifyBlank s) {
            require(sees(n, s.device()) && "".equals(disks.get(lunOf(n, s.device()))),
                s.device() + " is not blank");
        } else if (step instanceof io.lvmops.plan.step.VerifySameDevice s) {
            // the apply re-observes every listed node: each must reach the path, all the same LUN, a blank one
            Set<String> luns = new java.util.TreeSet<>();
            for (String name : s.nodes()) {
                Node x = nodes.get(name);
                require(x.reachable && sees(x, s.device()), name + " does not see " + s.device());
                luns.add(lunOf(x, s.device()));
            }
            require(luns.size() == 1, s.device() + " is different disks on the nodes: " + luns);
            require("".equals(disks.get(luns.iterator().next())), s.device() + " is not blank");
        } else if (step instanceof PvCreate s) {
            require(sees(n, s.device()), "pvcreate: no such device");
            identityAgreed(s.device(), step);
            String lun = lunOf(n, s.device());
            if (!"".equals(disks.get(lun)) && s.argv().contains("lvmops-blank")) {
                // the step runs behind the node-side blank proof (BlankProof): the node refuses, nothing is written
                throw new StepFailed("blank proof refused pvcreate on " + s.device() + " (" + disks.get(lun) + ")");
            }
            invariant("".equals(disks.get(lun)), "pvcreate on non-blank " + s.device() + " (" + disks.get(lun) + ")");
            disks.put(lun, "pv:");
        } else if (step instanceof VgCreate s) {
            require(!vgs.containsKey(s.vg()), "VG exists");
            Vg v = new Vg();
            for (String d : s.devices()) {
                require(sees(n, d) && "pv:".equals(disks.get(lunOf(n, d))), d + " is not an orphan PV");
                identityAgreed(d, step);
                disks.put(lunOf(n, d), "pv:" + s.vg());
                v.pvs.add(lunOf(n, d));
            }
            v.autoactivation = !s.autoactivationOff();
            if (s.extentSizeBytes() != null) {
                v.extent = s.extentSizeBytes();
            }
            vgs.put(s.vg(), v);
        } else if (step instanceof VgExtend s) {
            require(lvmSeesVg(n, s.vg()) && sees(n, s.device()) && "pv:".equals(disks.get(lunOf(n, s.device()))),
                    "vgextend impossible");
            identityAgreed(s.device(), step);
            disks.put(lunOf(n, s.device()), "pv:" + s.vg());
            vgs.get(s.vg()).pvs.add(lunOf(n, s.device()));
        } else if (step instanceof VgAutoactivationOff s) {
            require(lvmSeesVg(n, s.vg()), "Volume group \"" + s.vg() + "\" not found");
            vgs.get(s.vg()).autoactivation = false;
        } else if (step instanceof io.lvmops.plan.step.LvmConfigWrite s) {
            n.lvmlocal = s.content();
        } else if (step instanceof LvCreate s) {
            require(lvmSeesVg(n, s.vg()) && lv(s.vg(), s.lv()) == null, "lvcreate impossible");
            requireAdmitted(n, s.tags());
            // lvcreate writes the VG's metadata to its PVs (those the spec lists but the VG does not hold yet are
            // not written)
            Vg written = vgs.get(s.vg());
            spec.volumeGroup(s.vg()).ifPresent(vg -> vg.devices().forEach(d -> spec.device(d)
                    .filter(ds -> written.pvs.contains(ds.path()) || written.pvs.contains(lunOf(n, ds.path())))
                    .ifPresent(ds -> identityAgreed(ds.path(), step))));
            String k = key(s.vg(), s.lv());
            // A stale mapping on a node (even an unreachable one) would now point at reused extents.
            invariant(activeOn(k).isEmpty(), "lvcreate of " + k + " while a stale mapping is active");
            long rounded = (s.sizeBytes() + vgs.get(s.vg()).extent - 1) / vgs.get(s.vg()).extent
                    * vgs.get(s.vg()).extent;
            vgs.get(s.vg()).lvs.put(s.lv(), new Lv(rounded, s.tags(), !s.autoactivationOff(), ""));
            map(n, k);
            n.table.put(k, rounded);
            createdNow.add(k);
        } else if (step instanceof LvExtend s) {
            Lv lv = existing(n, s.vg(), s.lv());
            invariant(s.sizeBytes() > lv.size, "lvextend to " + s.sizeBytes() + " would shrink " + lv.size);
            lv.size = s.sizeBytes();
            String k = key(s.vg(), s.lv());
            if (n.maps(k)) {
                n.table.put(k, lv.size); // lvextend reloads the table where it runs, and only there
            }
        } else if (step instanceof LvAutoactivationOff s) {
            existing(n, s.vg(), s.lv()).autoactivation = false;
        } else if (step instanceof LvTags s) {
            Lv lv = existing(n, s.vg(), s.lv());
            lv.tags.removeAll(s.delete());
            lv.tags.addAll(s.add());
        } else if (step instanceof Umount s) {
            String k = key(s.vg(), s.lv());
            require(k.equals(n.mounts.get(s.mountPoint())), "not mounted");
            LogicalVolumeSpec ls = spec.logicalVolume(s.vg(), s.lv()).orElseThrow();
            boolean removing = !ls.present() && options.allowDestroy();
            invariant(ls.owner().equals(n.name) && removing || options.forceHandover() || plannedHandover(n, ls, s),
                    "umount of " + k + " on " + n.name + " without --force-handover");
            n.mounts.remove(s.mountPoint());
        } else if (step instanceof Deactivate s) {
            String k = key(s.vg(), s.lv());
            existing(n, s.vg(), s.lv()); // lvchange -an: LVM blind to the VG cannot find it
            invariant(!n.mounts.containsValue(k) && !n.heldOpen.contains(k),
                    "deactivation of " + k + " on " + n.name + " while it is open or mounted there");
            n.dm.remove(k);
            n.table.remove(k);
            unverified.computeIfAbsent(k, x -> new HashSet<>()).add(n.name);
        } else if (step instanceof VerifyInactive s) {
            String k = key(s.vg(), s.lv());
            // the apply re-observes the node: device-mapper says
            require(!n.maps(k), k + " still active on " + n.name);
            unverified.getOrDefault(k, new HashSet<>()).remove(n.name);
        } else if (step instanceof Activate s) {
            String k = key(s.vg(), s.lv());
            requireAdmitted(n, existing(n, s.vg(), s.lv()).tags);
            LogicalVolumeSpec ls = spec.logicalVolume(s.vg(), s.lv()).orElseThrow();
            invariant(ls.owner().equals(n.name) && ls.present(), "activation of " + k + " on non-owner " + n.name);
            invariant(unverified.getOrDefault(k, Set.of()).isEmpty(), "activation of " + k + " before the "
                    + "deactivation on " + unverified.get(k) + " was verified");
            if (!createdNow.contains(k)) {
                List<String> dark = nodes.values().stream().filter(x -> !x.reachable && !fenced.contains(x.name))
                        .map(x -> x.name).toList();
                invariant(dark.isEmpty(), "activation of " + k + " while " + dark + " is unreachable");
            }
            map(n, k);
            n.table.put(k, existing(n, s.vg(), s.lv()).size);
        } else if (step instanceof Refresh s) {
            existing(n, s.vg(), s.lv());
            require(n.maps(key(s.vg(), s.lv())), "refresh of an inactive LV");
            n.table.put(key(s.vg(), s.lv()), existing(n, s.vg(), s.lv()).size);
        } else if (step instanceof Mkfs s) {
            Lv lv = device(n, s.vg(), s.lv());
            invariant("".equals(lv.content), "mkfs over '" + lv.content + "'");
            lv.content = s.fsType().specName();
            lv.fsSize = mapped(n, s.vg(), s.lv()) - leftOver(lv.content);
        } else if (step instanceof MakeMountPoint s) {
            // nothing to model
        } else if (step instanceof Mount s) {
            Lv lv = device(n, s.vg(), s.lv());
            require(s.fsType().specName().equals(lv.content), "mount: wrong fs type (" + lv.content + ")");
            require(!n.mounts.containsKey(s.mountPoint()), "mount point busy");
            n.mounts.put(s.mountPoint(), key(s.vg(), s.lv()));
        } else if (step instanceof FsGrow s) {
            require(n.mounts.containsValue(key(s.vg(), s.lv())), "fs grow: not mounted");
            Lv lv = device(n, s.vg(), s.lv());
            // resize2fs / xfs_growfs grow to the device as this node maps it, less what they leave off
            lv.fsSize = Math.max(lv.fsSize, mapped(n, s.vg(), s.lv()) - leftOver(lv.content));
        } else if (step instanceof LvRemove s) {
            String k = key(s.vg(), s.lv());
            existing(n, s.vg(), s.lv());
            LogicalVolumeSpec ls = spec.logicalVolume(s.vg(), s.lv()).orElse(null);
            invariant(ls != null && !ls.present() && options.allowDestroy(), "lvremove of " + k
                    + " without state: absent and --allow-destroy");
            invariant(activeOn(k).isEmpty(), "lvremove of " + k + " while active on " + activeOn(k));
            vgs.get(s.vg()).lvs.remove(s.lv());
        }
    }

    /**
     * udev's pvscan when PVs appear: the LVs of each VG that now is complete on the node and has a PV among those
     * that appeared, per the autoactivation flags and the node's lists.
     */
    private void autoactivate(Node n, Set<String> appeared, Step step) {
        boolean old = !n.lvmVersion.startsWith("2.03");
        boolean guarded = n.lvmlocal != null && n.lvmlocal.contains("\"@lvmops_owner_" + n.name + "\"");
        if (old && guarded) {
            return; // lvmops' block sets auto_activation_volume_list to the local VGs only
        }
        for (Map.Entry<String, Vg> e : vgs.entrySet()) {
            Vg v = e.getValue();
            if (v.pvs.stream().noneMatch(p -> appeared.stream().anyMatch(a -> lunOf(n, a).equals(p)))
                    || !v.pvs.stream().allMatch(p -> seesLun(n, p))
                    || n.lvmBlind.contains(e.getKey()) || (!old && !v.autoactivation)) {
                continue;
            }
            for (Map.Entry<String, Lv> l : v.lvs.entrySet()) {
                Lv lv = l.getValue();
                if ((old || lv.autoactivation) && (!guarded || lv.tags.contains("lvmops_owner_" + n.name))) {
                    String k = key(e.getKey(), l.getKey());
                    map(n, k);
                    n.table.put(k, lv.size);
                    invariant(activeOn(k).size() <= 1, k + " autoactivated on " + n.name + " at login, while active "
                            + "on " + activeOn(k) + ": " + step);
                }
            }
        }
    }

    private long mapped(Node n, String vg, String lv) {
        return n.table.getOrDefault(key(vg, lv), lv(vg, lv).size);
    }

    /** Who maps each LV (counted nodes only), to compare before and after a step. */
    private Map<String, Set<String>> holders() {
        Map<String, Set<String>> on = new HashMap<>();
        for (Node n : allNodes()) {
            if (!fenced.contains(n.name) && !spec.retiredNodes().contains(n.name)) {
                n.dm.keySet().forEach(k -> on.computeIfAbsent(k, x -> new HashSet<>()).add(n.name));
            }
        }
        return on;
    }

    /**
     * The invariant, checked after every step: no LV is mapped in device-mapper on two nodes. A double mapping the
     * fleet started with (the planner is there to clean it up) is not the step's doing; a step that maps an LV on one
     * more node while another still maps it is a breach, whatever LVM on either node says.
     */
    private void noLvMappedOnTwoNodes(Map<String, Set<String>> before, Step step) {
        holders().forEach((k, on) -> {
            Set<String> was = before.getOrDefault(k, Set.of());
            invariant(on.size() <= 1 || was.containsAll(on), k + " mapped in device-mapper on " + new TreeMap<>(
                    Map.of("now", on.toString(), "before", was.toString())) + " after " + step);
        });
    }

    /** A device of the LV mapped on the node (mkfs, mount and grow use the device, not LVM). */
    private Lv device(Node n, String vg, String lv) {
        Lv found = lv(vg, lv);
        require(found != null && n.maps(key(vg, lv)), vg + "/" + lv + ": no device on " + n.name);
        return found;
    }

    /** The LV as the node's LVM finds it (an LVM command on it); it fails where LVM is blind to the VG. */
    private Lv existing(Node n, String vg, String lv) {
        require(lvmSeesVg(n, vg), n.name + ": Volume group \"" + vg + "\" not found");
        Lv found = lv(vg, lv);
        require(found != null, vg + "/" + lv + " does not exist");
        return found;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new StepFailed(message);
        }
    }

    private static void invariant(boolean ok, String message) {
        if (!ok) {
            throw new InvariantViolation(message);
        }
    }

    /**
     * The previous owner unmounting its own mount: the LV's owner tag names this node, the mount is at the spec's
     * mount point, and the LV is active on no other node.
     */
    private boolean plannedHandover(Node n, LogicalVolumeSpec ls, Umount s) {
        String k = key(s.vg(), s.lv());
        Lv lv = lv(s.vg(), s.lv());
        return lv != null && lv.tags.contains(LvmCommands.ownerTag(n.name)) && ls.filesystem() != null
                && ls.filesystem().mountPoint().equals(s.mountPoint())
                && activeOn(k).stream().allMatch(x -> x.equals(n.name));
    }
}
