package io.lvmops.plan.sim;

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
import io.lvmops.plan.PlanOptions;
import io.lvmops.plan.step.LvmCommands;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** A random spec and a random (possibly messy, possibly dangerous) fleet state, reproducible from a seed. */
final class Scenario {
    private static final long MIB4 = 4L << 20;

    static SimFleet generate(long seed) {
        Random r = new Random(seed);
        int nodeCount = 1 + r.nextInt(3);
        List<NodeSpec> nodes = new ArrayList<>();
        List<Boolean> reachable = new ArrayList<>();
        Set<String> assumeFenced = new HashSet<>();
        for (int i = 1; i <= nodeCount; i++) {
            boolean up = r.nextInt(100) < 80;
            boolean fenced = !up && r.nextInt(100) < 30;
            nodes.add(NodeSpec.of("n" + i, "10.0.0." + i).withFenced(fenced));
            reachable.add(up);
            if (!up && !fenced && r.nextInt(100) < 30) {
                assumeFenced.add("n" + i);
            }
        }
        int deviceCount = 1 + r.nextInt(2);
        List<DeviceSpec> devices = new ArrayList<>();
        for (int i = 1; i <= deviceCount; i++) {
            devices.add(new DeviceSpec("d" + i, "/dev/mapper/d" + i,
                    new IscsiSpec("10.0.2.2", 3260, "iqn.2016-11.com.test:d" + i, 1)));
        }
        List<VolumeGroupSpec> vgs = new ArrayList<>();
        if (deviceCount == 2 && r.nextBoolean()) {
            vgs.add(new VolumeGroupSpec("vg1", List.of("d1", "d2"), Size.ofBytes(MIB4), null,
                    r.nextInt(4) == 0 ? "n" + (1 + r.nextInt(nodeCount)) : null));
        } else {
            for (int i = 1; i <= deviceCount; i++) {
                vgs.add(new VolumeGroupSpec("vg" + i, List.of("d" + i), Size.ofBytes(MIB4), null, null));
            }
        }
        List<LogicalVolumeSpec> lvs = new ArrayList<>();
        FsType[] fsTypes = {null, FsType.EXT4, FsType.XFS};
        for (VolumeGroupSpec vg : vgs) {
            int count = r.nextInt(4);
            for (int i = 1; i <= count; i++) {
                FsType fs = fsTypes[r.nextInt(3)];
                lvs.add(new LogicalVolumeSpec("lv" + i, vg.name(), Size.ofBytes(MIB4 * (1 + r.nextInt(3))),
                        "n" + (1 + r.nextInt(nodeCount)),
                        fs == null ? null : new FilesystemSpec(fs, "/mnt/" + vg.name() + "-lv" + i),
                        r.nextInt(100) < 15 ? LvState.ABSENT : LvState.PRESENT));
            }
        }
        // The faults are drawn from their own generator: a seed's fleet is the same with or without them.
        Random f = new Random(seed ^ 0x5DEECE66DL);
        boolean removedNode = f.nextInt(100) < 25;
        int removedKind = f.nextInt(4);
        if (removedNode && removedKind == ASSUMED_FENCED) {
            assumeFenced.add(REMOVED);
        }
        Spec spec = new Spec(nodes, devices, vgs, lvs,
                removedNode && removedKind == RETIRED ? List.of(REMOVED) : List.of());
        PlanOptions options = new PlanOptions(r.nextBoolean(), assumeFenced, r.nextBoolean());
        SimFleet sim = new SimFleet(spec, options);

        for (int i = 0; i < nodeCount; i++) {
            SimFleet.Node n = sim.nodes.get("n" + (i + 1));
            n.reachable = reachable.get(i);
            if (r.nextInt(100) < 15) {
                n.lvmVersion = "2.02.187(2) (2020-03-24)";
            }
            for (DeviceSpec d : devices) {
                if (r.nextInt(100) < 60) {
                    n.loggedIn.add(d.path());
                }
            }
        }
        for (DeviceSpec d : devices) {
            sim.disks.put(d.path(), "");
        }
        for (VolumeGroupSpec vg : vgs) {
            int kind = r.nextInt(100);
            String first = spec.device(vg.devices().get(0)).orElseThrow().path();
            if (kind < 10) {
                sim.disks.put(first, "ext4");
            } else if (kind < 15) {
                sim.disks.put(first, "pv:");
            } else if (kind >= 55) {
                SimFleet.Vg v = new SimFleet.Vg();
                v.autoactivation = r.nextBoolean();
                v.pvs.add(first);
                sim.disks.put(first, "pv:" + vg.name());
                for (int i = 1; i < vg.devices().size(); i++) {
                    String other = spec.device(vg.devices().get(i)).orElseThrow().path();
                    if (r.nextBoolean()) {
                        v.pvs.add(other);
                        sim.disks.put(other, "pv:" + vg.name());
                    }
                }
                sim.vgs.put(vg.name(), v);
                for (LogicalVolumeSpec lv : spec.logicalVolumesOf(vg.name())) {
                    if (r.nextInt(100) < 70) {
                        addLv(r, sim, lv, nodeCount);
                    }
                }
                if (r.nextInt(100) < 20) {
                    v.lvs.put("unmanaged", new SimFleet.Lv(MIB4, List.of(), false, "ext4"));
                }
            }
        }
        lvmBlind(f, sim);
        dmsetupFails(f, sim);
        if (removedNode) {
            foreignOwner(f, sim, removedKind);
        }
        mismatchedIdentity(f, sim);
        return sim;
    }


    /**
     * Mismatched device identity: on one reachable node a spec device path reaches another LUN (another spec
     * device's, or a disk outside the spec, blank or not): its probe and its LVM's report come from that LUN. The
     * planner refuses changes of a VG whose device the nodes do not see as the same (DeviceIdentityCheck), one disk
     * under two spec names, a device some nodes see while others are still to log in, a device an unreachable node
     * may reach as another disk, and the apply compares every node's view of a device nobody had seen when the plan
     * was made (VerifySameDevice) before the first write to it.
     */
    private static void mismatchedIdentity(Random f, SimFleet sim) {
        if (f.nextInt(100) >= 20) {
            return;
        }
        List<String[]> candidates = new ArrayList<>();
        sim.nodes.values().stream().filter(n -> n.reachable).forEach(n -> n.loggedIn
                .forEach(p -> candidates.add(new String[] {n.name, p})));
        if (candidates.isEmpty()) {
            return;
        }
        String[] pick = candidates.get(f.nextInt(candidates.size()));
        List<String> others = sim.spec.devices().stream().map(DeviceSpec::path).filter(p -> !p.equals(pick[1]))
                .toList();
        String other;
        if (!others.isEmpty() && f.nextBoolean()) {
            other = others.get(f.nextInt(others.size()));
        } else {
            other = "lun:outside-the-spec";
            sim.disks.put(other, new String[] {"", "ext4", "pv:"}[f.nextInt(3)]);
        }
        sim.nodes.get(pick[0]).lun.put(pick[1], other);
        sim.faults.put("mismatched device identity", other.startsWith("lun:") ? "a disk outside the spec"
                : "another spec device");
    }

    static final String REMOVED = "n9";
    private static final int RETIRED = 0;
    private static final int ASSUMED_FENCED = 1;

    /**
     * dm-only mappings: a reachable node's LVM turns blind to a VG whose device it has (a filter, a devices file, a
     * path down), sometimes to one not created yet; what it maps of the VG stays mapped (and mounted), and it
     * sometimes maps one more of its LVs, which only device-mapper shows then.
     */
    private static void lvmBlind(Random f, SimFleet sim) {
        if (f.nextInt(100) >= 25) {
            return;
        }
        List<String[]> candidates = new ArrayList<>();
        for (SimFleet.Node n : sim.nodes.values()) {
            for (VolumeGroupSpec vg : sim.spec.volumeGroups()) {
                boolean hasDevice = vg.devices().stream().anyMatch(d -> sim.sees(n,
                        sim.spec.device(d).orElseThrow().path()));
                if (n.reachable && hasDevice) {
                    candidates.add(new String[] {n.name, vg.name()});
                }
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        String[] pick = candidates.get(f.nextInt(candidates.size()));
        SimFleet.Node n = sim.nodes.get(pick[0]);
        SimFleet.Vg vg = sim.vgs.get(pick[1]);
        if (vg != null && !vg.lvs.isEmpty() && sim.seesVg(n, pick[1]) && f.nextBoolean()) {
            List<String> names = new ArrayList<>(vg.lvs.keySet());
            String lv = names.get(f.nextInt(names.size()));
            String key = SimFleet.key(pick[1], lv);
            sim.map(n, key);
            n.table.putIfAbsent(key, vg.lvs.get(lv).size);
            if (SimFleet.isFilesystem(vg.lvs.get(lv).content) && f.nextBoolean()) {
                n.mounts.putIfAbsent("/srv/dm-only-" + lv, key);
            }
        }
        n.lvmBlind.add(pick[1]);
        sim.faults.put("LVM blind to a VG", vg == null ? "VG not created yet" : n.dm.keySet().stream()
                .anyMatch(k -> k.startsWith(pick[1] + "/")) ? "with dm-only mappings" : "nothing mapped");
    }

    /** dmsetup fails on a reachable node while its mappings (if any) really exist. */
    private static void dmsetupFails(Random f, SimFleet sim) {
        if (f.nextInt(100) >= 12) {
            return;
        }
        List<SimFleet.Node> up = sim.nodes.values().stream().filter(n -> n.reachable).toList();
        if (up.isEmpty()) {
            return;
        }
        SimFleet.Node n = up.get(f.nextInt(up.size()));
        n.dmsetupFails = true;
        sim.faults.put("dmsetup fails", n.dm.isEmpty() ? "nothing mapped" : "while it maps LVs");
    }

    /**
     * A foreign owner tag: an LV tagged for {@link #REMOVED}, a node no longer in the spec, which may still map it
     * (hidden state: nobody observes it) unless it is retired (then it really is gone and holds nothing). Only an LV
     * whose tags some reachable node's LVM lists: a tag nobody can read cannot be known.
     */
    private static void foreignOwner(Random f, SimFleet sim, int kind) {
        List<String> candidates = new ArrayList<>();
        sim.vgs.forEach((vg, v) -> {
            boolean readable = sim.nodes.values().stream().anyMatch(n -> n.reachable && sim.lvmSeesVg(n, vg));
            v.lvs.keySet().forEach(lv -> {
                // a managed LV the spec wants present: the one the planner would hand to a new owner
                if (readable && sim.spec.logicalVolume(vg, lv).map(l -> l.present()).orElse(false)) {
                    candidates.add(SimFleet.key(vg, lv));
                }
            });
        });
        if (candidates.isEmpty()) {
            sim.faults.put("foreign owner tag", "no LV to tag");
            return;
        }
        String key = candidates.get(f.nextInt(candidates.size()));
        String[] vl = key.split("/");
        SimFleet.Lv lv = sim.lv(vl[0], vl[1]);
        lv.tags.removeIf(t -> t.startsWith(LvmCommands.OWNER_TAG_PREFIX));
        lv.tags.add(LvmCommands.ownerTag(REMOVED));
        SimFleet.Node gone = new SimFleet.Node(REMOVED);
        gone.reachable = false;
        sim.removed.put(REMOVED, gone);
        boolean holds = kind != RETIRED && f.nextInt(100) < 60;
        if (holds) {
            sim.map(gone, key);
        }
        if (f.nextInt(100) < 70) {
            // it was the LV's owner, the only node using it, when it was removed from the spec
            for (SimFleet.Node n : sim.nodes.values()) {
                n.dm.remove(key);
                n.table.remove(key);
                n.heldOpen.remove(key);
                n.mounts.values().removeIf(key::equals);
            }
        }
        sim.faults.put("foreign owner tag", (kind == RETIRED ? "retired" : kind == ASSUMED_FENCED
                ? "--assume-fenced" : "not declared gone") + (holds ? ", maps it" : ", holds nothing"));
    }

    private static void addLv(Random r, SimFleet sim, LogicalVolumeSpec lv, int nodeCount) {
        long size = MIB4 * (1 + r.nextInt(3));
        SimFleet.Node owner = sim.nodes.get(lv.owner());
        if (lv.filesystem() != null && sim.seesVg(owner, lv.vg()) && r.nextInt(100) < 40) {
            mountedOnItsOwner(r, sim, lv, owner);
            return;
        }
        List<String> tags = r.nextInt(3) == 0 ? List.of()
                : List.of(LvmCommands.ownerTag("n" + (1 + r.nextInt(nodeCount))));
        String[] contents = {"", "ext4", "xfs", "swap"};
        String content = lv.filesystem() != null && r.nextBoolean() ? lv.filesystem().type().specName()
                : contents[r.nextInt(contents.length)];
        SimFleet.Lv made = new SimFleet.Lv(size, tags, r.nextBoolean(), content);
        sim.vgs.get(lv.vg()).lvs.put(lv.name(), made);
        if (SimFleet.isFilesystem(content) && size > MIB4 && r.nextInt(100) < 30) {
            // an apply stopped after lvextend: the filesystem still has an older, smaller LV's size
            made.fsSize = MIB4 * (1 + r.nextInt((int) (size / MIB4) - 1)) - SimFleet.leftOver(content);
        }
        String key = SimFleet.key(lv.vg(), lv.name());
        for (SimFleet.Node n : sim.nodes.values()) {
            if (!sim.seesVg(n, lv.vg()) || r.nextInt(100) >= 35) {
                continue;
            }
            sim.map(n, key);
            // and, sometimes, before this node reloaded its table after an lvextend run elsewhere
            n.table.put(key, r.nextInt(100) < 20 ? MIB4 * (1 + r.nextInt((int) (size / MIB4))) : size);
            int use = r.nextInt(100);
            if (use < 40 && (content.equals("ext4") || content.equals("xfs"))) {
                String mp = lv.filesystem() != null && r.nextBoolean() ? lv.filesystem().mountPoint()
                        : "/srv/" + n.name + "-" + lv.name();
                if (!n.mounts.containsKey(mp)) {
                    n.mounts.put(mp, key);
                }
            } else if (use < 50) {
                n.heldOpen.add(key);
            }
        }
    }

    /**
     * The state lvmops leaves (the owner has it active and mounted where the spec says), often with what an apply
     * that stopped after lvextend leaves: a filesystem smaller than its LV, the owner's table not refreshed.
     */
    private static void mountedOnItsOwner(Random r, SimFleet sim, LogicalVolumeSpec lv, SimFleet.Node owner) {
        String fs = lv.filesystem().type().specName();
        long size = MIB4 * (2 + r.nextInt(2));
        SimFleet.Lv made = new SimFleet.Lv(size, List.of(LvmCommands.ownerTag(owner.name)), false, fs);
        sim.vgs.get(lv.vg()).lvs.put(lv.name(), made);
        String key = SimFleet.key(lv.vg(), lv.name());
        sim.map(owner, key);
        owner.mounts.putIfAbsent(lv.filesystem().mountPoint(), key);
        owner.table.put(key, size);
        if (r.nextBoolean()) {
            long older = MIB4 * (1 + r.nextInt((int) (size / MIB4) - 1));
            made.fsSize = older - SimFleet.leftOver(fs);
            if (r.nextBoolean()) {
                owner.table.put(key, older); // extended on another node, stopped before the refresh here
            }
        }
    }

    private Scenario() {
    }
}
