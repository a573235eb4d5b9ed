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
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Planning 1 000 nodes × 10 000 LVs (10 VGs of 1 000 LVs on 10 shared LUNs, every node logged in to every LUN, so
 * every node lists all 10 000 LVs: 10 million observed LVs). Each LV is active and mounted on its owner; 1 % of them
 * grow, 1 % are active on a second node as well, so the plan is not empty. The fingerprint (a SHA-256 over the whole
 * observation) is passed in: it hashes the input and is not planning.
 *
 * <p>Building the input (the spec and the 10 million records) is {@link #setUp}, outside the timing; every node's
 * observation is built node by node, as the observer and the snapshot reader build it. Everything the planner indexes
 * (per node: its active LVs, sessions, mounts; per VG: the LV metadata) is built inside {@link #plan}, each time.
 * The heap is fixed at 6 GiB so that heap resizing (full GCs) during warmup does not leak into the measurement;
 * young GCs caused by the planner's own allocation do count (see {@code -prof gc}). On a loaded machine the
 * wall-clock score includes time the thread waited for a CPU, so each iteration also prints the planning thread's
 * CPU time per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xms6g", "-Xmx6g", "-XX:+UseParallelGC"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
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
        int lvCount = lvs.size();
        int[] owners = new int[lvCount];
        int[] seconds = new int[lvCount];
        List<List<String>> tags = new ArrayList<>(lvCount);
        String[] paths = new String[lvCount];
        String[] dms = new String[lvCount];
        List<List<MountEntry>> mounts = new ArrayList<>();
        List<List<DeviceProbe>> probes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            mounts.add(new ArrayList<>());
            List<DeviceProbe> p = new ArrayList<>();
            for (DeviceSpec d : devices) {
                p.add(new DeviceProbe(d.path(), true, "LVM2_member", 1L << 40));
            }
            probes.add(p);
        }
        for (int j = 0; j < lvCount; j++) {
            LogicalVolumeSpec lv = lvs.get(j);
            int owner = Integer.parseInt(lv.owner().substring(4));
            int l = Integer.parseInt(lv.name().substring(2));
            owners[j] = owner;
            seconds[j] = l % 100 == 50 ? (owner + 1) % NODES : -1;
            tags.add(List.of(LvmCommands.ownerTag(lv.owner())));
            paths[j] = "/dev/" + lv.vg() + "/" + lv.name();
            dms[j] = "/dev/mapper/" + ObservedLv.dmName(lv.vg(), lv.name());
            mounts.get(owner).add(new MountEntry(dms[j], lv.filesystem().mountPoint(), "ext4"));
            probes.get(owner).add(new DeviceProbe(paths[j], true, "ext4", g));
        }
        // Node by node, as the observer parses each node's output (and Jackson reads a snapshot): each node's
        // records lie together in memory as they would in the daemon. A distinct record per node and LV, as a
        // parsed or deserialized observation has (their strings are shared here to keep the heap in -Xmx6g).
        List<List<ObservedLv>> perNode = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            List<ObservedLv> here = new ArrayList<>(lvCount);
            for (int j = 0; j < lvCount; j++) {
                LogicalVolumeSpec lv = lvs.get(j);
                boolean active = i == owners[j] || i == seconds[j];
                here.add(new ObservedLv(lv.vg(), lv.name(), "uuid", g, active ? activeOpen : inactive,
                        active, active && i == owners[j], tags.get(j), paths[j], dms[j], false, ""));
            }
            perNode.add(here);
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
                    perNode.get(i), sessions, mounts.get(i), probes.get(i), List.of(), List.of(),
                    guardedConfig(spec, "node" + i)));
        }
        observation = FleetObservation.of(Instant.EPOCH, nodeObs);
    }

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long operations;
    private long cpuNanosAtStart;

    @Setup(Level.Iteration)
    public void startIteration() {
        operations = 0;
        cpuNanosAtStart = threads.getCurrentThreadCpuTime();
    }

    /** Runs on the (single) benchmark thread, so its CPU time is the planner's, GC threads apart. */
    @TearDown(Level.Iteration)
    public void endIteration() {
        long cpu = threads.getCurrentThreadCpuTime() - cpuNanosAtStart;
        System.out.printf(Locale.ROOT, " [cpu %.1f ms/op over %d ops, load %s]", cpu / 1e6 / Math.max(1, operations),
                operations, loadAverage());
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | UnsupportedOperationException e) {
            return "unknown";
        }
    }

    @Benchmark
    public Plan plan() {
        operations++;
        return Planner.plan(spec, "bench", observation, PlanOptions.DEFAULT, "sha256:bench");
    }

    /**
     * The LVM configuration of a node already guarded by lvmops (guard: tags): the lvmlocal.conf block lvmops writes,
     * and the volume_list LVM then reports. Built in setup, outside the measurement.
     */
    private static io.lvmops.observe.NodeLvmConfig guardedConfig(io.lvmops.model.Spec spec, String node) {
        String debian = "local {\n\t# host_id = 0\n}\n";
        NodeObservation bare = new NodeObservation(node, true, null, node, "2.03.16(2) (2022-05-18)", List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                new io.lvmops.observe.NodeLvmConfig(null, null, false, 0, debian, java.util.Map.of()));
        var write = (io.lvmops.plan.step.LvmConfigWrite) io.lvmops.plan.guard.GuardPlanner.plan(spec, List.of(bare))
                .steps().get(0);
        return new io.lvmops.observe.NodeLvmConfig(List.of("@lvmops_owner_" + node), null, false, 0, write.content(),
                java.util.Map.of());
    }
}
