package io.lvmops.plan.bench;

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
import io.lvmops.plan.Plan;
import io.lvmops.plan.PlanOptions;
import io.lvmops.plan.Planner;
import io.lvmops.plan.step.LvmCommands;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Planning 1 000 nodes × 10 000 LVs (10 VGs of 1 000 LVs on 10 shared LUNs, every node logged in to every LUN, so
 * every node lists all 10 000 LVs: 10 million observed LVs). Each LV is active and mounted on its owner; 1 % of them
 * grow, 1 % are active on a second node as well, so the plan is not empty. The fingerprint (a SHA-256 over the whole
 * observation) is passed in: it hashes the input and is not planning.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx6g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PlannerBenchmark {
    static final int NODES = 1000;
    static final int VGS = 10;
    static final int LVS_PER_VG = 1000;

    Spec spec;
    FleetObservation observation;

    @Setup
    public void setUp() {
        List<NodeSpec> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            nodes.add(NodeSpec.of("node" + i, "10.1." + (i / 256) + "." + (i % 256)));
        }
        List<DeviceSpec> devices = new ArrayList<>();
        List<VolumeGroupSpec> vgs = new ArrayList<>();
        List<LogicalVolumeSpec> lvs = new ArrayList<>();
        long g = 1L << 30;
        for (int v = 0; v < VGS; v++) {
            devices.add(new DeviceSpec("lun" + v, "/dev/mapper/lun" + v,
                    new IscsiSpec("10.0.2.2", 3260, "iqn.2016-11.com.test:lun" + v, 1)));
            vgs.add(new VolumeGroupSpec("vg" + v, List.of("lun" + v), Size.ofBytes(4L << 20), null, null));
            for (int l = 0; l < LVS_PER_VG; l++) {
                int n = (v * LVS_PER_VG + l) % NODES;
                long size = l % 100 == 0 ? 2 * g : g;
                lvs.add(new LogicalVolumeSpec("lv" + l, "vg" + v, Size.ofBytes(size), "node" + n,
                        new FilesystemSpec(FsType.EXT4, "/srv/vg" + v + "/lv" + l), LvState.PRESENT));
            }
        }
        spec = new Spec(nodes, devices, vgs, lvs);

        LvAttr inactive = LvAttr.parse("-wi-------");
        LvAttr activeOpen = LvAttr.parse("-wi-ao----");
        List<List<ObservedLv>> perNode = new ArrayList<>();
        List<List<MountEntry>> mounts = new ArrayList<>();
        List<List<DeviceProbe>> probes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            perNode.add(new ArrayList<>(VGS * LVS_PER_VG));
            mounts.add(new ArrayList<>());
            List<DeviceProbe> p = new ArrayList<>();
            for (DeviceSpec d : devices) {
                p.add(new DeviceProbe(d.path(), true, "LVM2_member", 1L << 40));
            }
            probes.add(p);
        }
        for (LogicalVolumeSpec lv : lvs) {
            int owner = Integer.parseInt(lv.owner().substring(4));
            int l = Integer.parseInt(lv.name().substring(2));
            int second = l % 100 == 50 ? (owner + 1) % NODES : -1;
            List<String> tags = List.of(LvmCommands.ownerTag(lv.owner()));
            String path = "/dev/" + lv.vg() + "/" + lv.name();
            String dm = "/dev/mapper/" + ObservedLv.dmName(lv.vg(), lv.name());
            for (int i = 0; i < NODES; i++) {
                boolean active = i == owner || i == second;
                // distinct record per node, as a deserialized observation has
                perNode.get(i).add(new ObservedLv(lv.vg(), lv.name(), "uuid", g, active ? activeOpen : inactive,
                        active, active && i == owner, tags, path, dm, false, ""));
            }
            mounts.get(owner).add(new MountEntry(dm, lv.filesystem().mountPoint(), "ext4"));
            probes.get(owner).add(new DeviceProbe(path, true, "ext4", g));
        }
        List<NodeObservation> nodeObs = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            List<ObservedPv> pvs = new ArrayList<>();
            List<ObservedVg> vgObs = new ArrayList<>();
            List<IscsiSession> sessions = new ArrayList<>();
            for (int v = 0; v < VGS; v++) {
                pvs.add(new ObservedPv("/dev/mapper/lun" + v, "u", "vg" + v, 1L << 40, 1L << 39));
                vgObs.add(new ObservedVg("vg" + v, "u", 1L << 40, 1L << 39, 4L << 20, List.of("/dev/mapper/lun" + v),
                        List.of(), "", false));
                sessions.add(new IscsiSession("10.0.2.2:3260,1", "iqn.2016-11.com.test:lun" + v));
            }
            nodeObs.add(new NodeObservation("node" + i, true, null, "node" + i, "2.03.16(2) (2022-05-18)", pvs, vgObs,
                    perNode.get(i), sessions, mounts.get(i), probes.get(i), List.of(), List.of()));
        }
        observation = FleetObservation.of(Instant.EPOCH, nodeObs);
    }

    @Benchmark
    public Plan plan() {
        return Planner.plan(spec, "bench", observation, PlanOptions.DEFAULT, "sha256:bench");
    }
}
