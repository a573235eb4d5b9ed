package io.lvmops.plan.guard;

import io.lvmops.model.Guard;
import io.lvmops.model.NodeSpec;
import io.lvmops.model.Spec;
import io.lvmops.model.VolumeGroupSpec;
import io.lvmops.observe.GuardCheck;
import io.lvmops.observe.MountEntry;
import io.lvmops.observe.NodeLvmConfig;
import io.lvmops.observe.NodeObservation;
import io.lvmops.observe.ObservedLv;
import io.lvmops.observe.ObservedPv;
import io.lvmops.observe.ObservedVg;
import io.lvmops.plan.Blocked;
import io.lvmops.plan.Drift;
import io.lvmops.plan.Severity;
import io.lvmops.plan.step.LvmConfigWrite;
import io.lvmops.plan.step.Step;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Plans the node side of the guards: lvmops' marked block in each node's {@code /etc/lvm/lvmlocal.conf}. Pure.
 *
 * <p>{@code guard: tags}: {@code activation/volume_list} admits the node's own local VGs (those on no device of the
 * spec, e.g. its root VG, so it keeps booting), the spec's VGs that are not tag-guarded (their LVs are not filtered
 * by tag), and {@code @lvmops_owner_<node>}: LVM matches {@code @tag} against the LV's (and VG's) tags, so only LVs
 * tagged for this node activate here, by hand, at iSCSI login or at boot (autoactivation honours volume_list too).
 * LVM older than 2.03.12 has no per-VG autoactivation switch, so the block then also sets
 * {@code auto_activation_volume_list} to the local VGs only.
 *
 * <p>{@code guard: sanlock}: {@code global/use_lvmlockd = 1} and {@code local/host_id = N}, N being the node's
 * 1-based position in the spec's node list (unique, 1-2000), each written only when the node's effective value
 * differs (so a value already set elsewhere, e.g. by the distribution or the lab, is not duplicated).
 *
 * <p>guard: sanlock also sets up the lock daemons, their watchdog and their start at boot ({@link SanlockNodeSetup}).
 *
 * <p>The write goes first in the plan, before any login, creation or activation on that node. A node whose local VGs
 * cannot be determined, whose root filesystem is on an LV lvmops would not admit, or whose file sets the same keys
 * outside the block is blocked, never written.
 */
public final class GuardPlanner {
    public static final int MAX_HOST_ID = 2000;
    private static final Pattern FOREIGN_LISTS = Pattern.compile(
            "(?m)^[ \\t]*(volume_list|auto_activation_volume_list)[ \\t]*=");
    private static final Pattern FOREIGN_HOST_ID = Pattern.compile("(?m)^[ \\t]*host_id[ \\t]*=");

    /** What the guard layer adds to a plan. */
    public record Result(List<Step> steps, List<Drift> drift, List<Blocked> blocked) {
    }

    private final Spec spec;
    private final List<Step> steps = new ArrayList<>();
    private final List<Drift> drift = new ArrayList<>();
    private final List<Blocked> blocked = new ArrayList<>();

    private GuardPlanner(Spec spec) {
        this.spec = spec;
    }

    /**
     * @param observed the observation of each spec node, in spec order (an unreachable node's is skipped: the
     *                 planner reports it)
     */
    public static Result plan(Spec spec, List<NodeObservation> observed) {
        GuardPlanner g = new GuardPlanner(spec);
        for (NodeObservation o : observed) {
            if (o.reachable()) {
                g.node(o);
            }
        }
        return new Result(List.copyOf(g.steps), List.copyOf(g.drift), List.copyOf(g.blocked));
    }

    /** The sanlock host id of a node: its 1-based position in the spec's node list. */
    public static int hostId(Spec spec, String node) {
        List<NodeSpec> nodes = spec.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).name().equals(node)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("node " + node + " is not in the spec");
    }

    private void node(NodeObservation o) {
        String node = o.node();
        List<String> tagged = vgsWith(Guard.TAGS);
        List<String> sanlock = vgsWith(Guard.SANLOCK);
        NodeLvmConfig c = o.lvmConfig();
        if (c == null) {
            if (!tagged.isEmpty() || !sanlock.isEmpty()) {
                blocked.add(new Blocked("node " + node, node, Severity.ERROR, "the LVM configuration of " + node
                        + " is unknown (lvmconfig or " + NodeLvmConfig.LVMLOCAL_CONF + " not readable): its guard is "
                        + "not configured"));
            }
            return;
        }
        String file = c.lvmlocalConf();
        String currentBlock;
        String foreign;
        try {
            currentBlock = ManagedBlock.current(file);
            foreign = ManagedBlock.foreign(file);
        } catch (ManagedBlock.BrokenMarkersException e) {
            blocked.add(new Blocked("node " + node, node, Severity.ERROR, NodeLvmConfig.LVMLOCAL_CONF + " on " + node
                    + ": " + e.getMessage() + "; fix the markers by hand"));
            return;
        }
        StringBuilder body = new StringBuilder();
        if (!tagged.isEmpty()) {
            if (FOREIGN_LISTS.matcher(foreign).find()) {
                blocked.add(new Blocked("node " + node, node, Severity.ERROR, NodeLvmConfig.LVMLOCAL_CONF + " on "
                        + node + " sets volume_list or auto_activation_volume_list outside lvmops' block; LVM would "
                        + "ignore one of the two: move them out (lvmops admits the node's local VGs itself)"));
                return;
            }
            Set<String> local = localVgs(o);
            List<String> admitted = new ArrayList<>(local);
            spec.volumeGroups().stream().filter(v -> v.guard() != Guard.TAGS).map(VolumeGroupSpec::name)
                    .filter(v -> !admitted.contains(v)).forEach(admitted::add);
            String rootProblem = rootProblem(o, admitted);
            if (rootProblem != null) {
                blocked.add(new Blocked("node " + node, node, Severity.ERROR, rootProblem));
                return;
            }
            String tag = "@" + GuardCheck.ownerTag(node);
            List<String> volumeList = new ArrayList<>(admitted);
            volumeList.add(tag);
            body.append("# guard: tags (").append(String.join(", ", tagged)).append("): LVM activates here only LVs ")
                    .append("tagged ").append(GuardCheck.ownerTag(node)).append(",\n# and the VGs listed (")
                    .append(local.isEmpty() ? "this node has no local VG" : "local: " + String.join(", ", local))
                    .append(")\n");
            body.append("activation {\n");
            body.append("\tvolume_list = ").append(list(volumeList)).append('\n');
            if (!GuardCheck.supportsSetAutoactivation(o.lvmVersion())) {
                // no --setautoactivation before 2.03.12: only local VGs may autoactivate
                body.append("\tauto_activation_volume_list = ").append(list(new ArrayList<>(local))).append('\n');
            }
            body.append("}\n");
        }
        if (!sanlock.isEmpty()) {
            int hostId = hostId(spec, node);
            boolean ownUseLvmlockd = currentBlock != null && currentBlock.contains("use_lvmlockd");
            boolean ownHostId = currentBlock != null && currentBlock.contains("host_id");
            if (!ownHostId && c.hostId() != hostId && FOREIGN_HOST_ID.matcher(foreign).find()) {
                blocked.add(new Blocked("node " + node, node, Severity.ERROR, NodeLvmConfig.LVMLOCAL_CONF + " on "
                        + node + " sets host_id = " + c.hostId() + " outside lvmops' block; the spec gives " + node
                        + " host id " + hostId + " (its position among the nodes): change it there"));
                return;
            }
            if (ownUseLvmlockd || !c.useLvmlockd()) {
                body.append("# guard: sanlock (").append(String.join(", ", sanlock)).append(")\n");
                body.append("global {\n\tuse_lvmlockd = 1\n}\n");
            }
            if (ownHostId || c.hostId() != hostId) {
                body.append("# sanlock host id: ").append(node).append("'s position in the spec's node list\n");
                body.append("local {\n\thost_id = ").append(hostId).append("\n}\n");
            }
        }
        String wanted;
        try {
            wanted = ManagedBlock.rewrite(file, body.length() == 0 ? null : body.toString());
        } catch (ManagedBlock.BrokenMarkersException e) {
            throw new IllegalStateException(e); // find() succeeded above
        }
        List<String> problems = GuardCheck.problems(spec, o);
        if (!java.util.Objects.equals(wanted, file)) {
            drift.add(new Drift("node " + node, node, "LVM configuration does not enforce the guard"
                    + (problems.isEmpty() ? " as the spec asks" : ": " + String.join("; ", problems))));
            steps.add(new LvmConfigWrite(node, NodeLvmConfig.LVMLOCAL_CONF, sha256(file), wanted,
                    UnifiedDiff.of(NodeLvmConfig.LVMLOCAL_CONF, file, wanted), "make LVM on " + node + " itself "
                    + "refuse LVs it does not own (lvmops' block only; the rest of the file is kept byte for byte)"));
        } else if (!problems.isEmpty()) {
            drift.add(new Drift("node " + node, node, "lvmops' block is in place but the guard is not enforced: "
                    + String.join("; ", problems)));
        }
        if (!sanlock.isEmpty() && !c.lockDaemons().isEmpty()) {
            SanlockNodeSetup.Result daemons = SanlockNodeSetup.plan(node, c);
            steps.addAll(daemons.steps());
            drift.addAll(daemons.drift());
            blocked.addAll(daemons.blocked());
        }
    }

    /** Whether the VG's lockspace is started on the node (known from its observation). */
    public static boolean lockspaceStarted(NodeObservation o, String vg) {
        return o.reachable() && o.lvmConfig() != null && o.lvmConfig().lockspaces().contains(vg);
    }

    private List<String> vgsWith(Guard guard) {
        return spec.volumeGroups().stream().filter(v -> v.guard() == guard).map(VolumeGroupSpec::name).toList();
    }

    /** VGs the node sees that are not the spec's and have no PV on a device of the spec: its own storage. */
    private Set<String> localVgs(NodeObservation o) {
        Set<String> specDevices = spec.devices().stream().map(d -> d.path()).collect(Collectors.toSet());
        Set<String> local = new TreeSet<>();
        for (ObservedVg vg : o.vgs()) {
            local.add(vg.name());
        }
        for (ObservedPv pv : o.pvs()) {
            if (specDevices.contains(pv.name())) {
                local.remove(pv.vg());
            }
        }
        spec.volumeGroups().forEach(v -> local.remove(v.name()));
        return local;
    }

    /** Never lock a node out of its root: "/" on an LV must be on an admitted VG. */
    private static String rootProblem(NodeObservation o, List<String> admitted) {
        MountEntry root = o.mounts().stream().filter(m -> m.mountPoint().equals("/")).reduce((a, b) -> b).orElse(null);
        if (root == null || !root.source().startsWith("/dev/")) {
            return null; // not on a block device (nfs, overlay, 9p...): no VG to keep admitted
        }
        for (ObservedLv lv : o.lvs()) {
            if (lv.isDevice(root.source())) {
                return admitted.contains(lv.vg()) ? null : "the root filesystem of " + o.node() + " is on "
                        + lv.fullName() + ", a VG lvmops would not admit in its volume_list";
            }
        }
        if (root.source().startsWith("/dev/mapper/") || root.source().startsWith("/dev/dm-")) {
            boolean lvmBacked = o.dmDevices().stream().anyMatch(d -> root.source().endsWith("/" + d.name())
                    && d.uuid() != null && d.uuid().startsWith("LVM-"));
            if (lvmBacked) {
                return "the root filesystem of " + o.node() + " (" + root.source() + ") is an LV of a VG "
                        + o.node() + " does not report: lvmops cannot admit it in volume_list";
            }
        }
        return null;
    }

    private static String list(List<String> items) {
        return items.stream().map(i -> "\"" + i + "\"").collect(Collectors.joining(", ", "[ ", " ]"));
    }

    static String sha256(String text) {
        if (text == null) {
            return LvmConfigWrite.ABSENT;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
