package io.lvmops.plan;

import io.lvmops.model.DeviceSpec;
import io.lvmops.model.FilesystemSpec;
import io.lvmops.model.Guard;
import io.lvmops.model.LogicalVolumeSpec;
import io.lvmops.model.NodeSpec;
import io.lvmops.model.Spec;
import io.lvmops.model.VolumeGroupSpec;
import io.lvmops.observe.DeviceIdentityCheck;
import io.lvmops.observe.DeviceProbe;
import io.lvmops.observe.FleetObservation;
import io.lvmops.observe.MountEntry;
import io.lvmops.observe.NodeObservation;
import io.lvmops.observe.GuardCheck;
import io.lvmops.observe.LvIdentities;
import io.lvmops.observe.NodeUsage;
import io.lvmops.observe.ObservedFilesystem;
import io.lvmops.observe.ObservedLv;
import io.lvmops.observe.ObservedPv;
import io.lvmops.observe.ObservedVg;
import io.lvmops.plan.guard.GuardPlanner;
import io.lvmops.plan.step.Activate;
import io.lvmops.plan.step.Deactivate;
import io.lvmops.plan.step.FsGrow;
import io.lvmops.plan.step.IscsiLogin;
import io.lvmops.plan.step.IscsiNodeCreate;
import io.lvmops.plan.step.IscsiStartupAutomatic;
import io.lvmops.plan.step.LvAutoactivationOff;
import io.lvmops.plan.step.LvCreate;
import io.lvmops.plan.step.LvExtend;
import io.lvmops.plan.step.LvRemove;
import io.lvmops.plan.step.LvTags;
import io.lvmops.plan.step.LvmCommands;
import io.lvmops.plan.step.MakeMountPoint;
import io.lvmops.plan.step.Mkfs;
import io.lvmops.plan.step.Mount;
import io.lvmops.plan.step.PvCreate;
import io.lvmops.plan.step.Refresh;
import io.lvmops.plan.step.Rescan;
import io.lvmops.plan.step.Step;
import io.lvmops.plan.step.Umount;
import io.lvmops.plan.step.VerifyBlank;
import io.lvmops.plan.step.VerifyInactive;
import io.lvmops.plan.step.VerifySameDevice;
import io.lvmops.plan.step.VgAutoactivationOff;
import io.lvmops.plan.step.VgCreate;
import io.lvmops.plan.step.VgExtend;
import io.lvmops.plan.step.WaitForDevice;
import io.lvmops.plan.step.WaitForLease;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * (spec, observed state, options) → plan. A pure function: no I/O, no clock, the same inputs give the same plan.
 *
 * <p>Order of a plan: (1) iSCSI logins of each VG's metadata node, (2) each VG's metadata changes on its metadata
 * node (pvcreate, vgcreate/vgextend, autoactivation off, lvcreate, lvextend), (3) iSCSI logins of every other node
 * (after autoactivation is off, so that the login cannot activate anything), (4) per LV: placement and handover,
 * filesystem, mount, growth, removal. Safety invariants of issue 4 hold after every step:
 * <ol>
 * <li>an LV is activated on its owner only after every other reachable node was deactivated and re-observed;</li>
 * <li>an existing LV is not activated while a node that could hold it active is unreachable and not fenced;</li>
 * <li>an LV open or mounted on a non-owner is a critical blocked item, unless --force-handover unmounts it first, or
 * it is the previous owner's own mount (owner tag, spec mount point, active nowhere else): a planned handover;</li>
 * <li>nothing is removed without {@code state: absent} and --allow-destroy, nothing shrunk, nothing formatted or
 * pvcreated unless blank.</li>
 * </ol>
 */
public final class Planner {
    static final long DEFAULT_EXTENT_BYTES = 4L * 1024 * 1024;

    private final Spec spec;
    private final PlanOptions options;
    private final List<NodeView> nodes = new ArrayList<>();
    private final Map<String, NodeView> byName = new HashMap<>();
    private final List<String> unreachableUnfenced = new ArrayList<>();
    /**
     * vg → (reachable, unfenced node → why its LVs are unknown there): device-mapper unreadable, its LVM blind to the
     * VG. Such a node blocks every activation elsewhere exactly like an unreachable one.
     */
    private final Map<String, Map<String, String>> unknownOn = new HashMap<>();
    private final Map<String, ObservedPv> pvByPath = new HashMap<>();
    private final Map<String, ObservedVg> vgView = new HashMap<>();
    private final LvMap<ObservedLv> existingLvs;
    /** vg/lv → the reachable nodes (in spec order) where it is active or open: the only nodes placement looks at. */
    private final LvMap<List<NodeView>> activeOn;
    /** The spec's VGs, devices and LVs by name (first of a name, as Spec's finders return), looked up per LV. */
    private final Map<String, VolumeGroupSpec> vgSpecs = new HashMap<>();
    private final Map<String, DeviceSpec> deviceSpecs = new HashMap<>();
    private final Map<String, List<LogicalVolumeSpec>> lvsOfVg = new HashMap<>();
    /** Owner tag per node name, built once per node instead of once per LV. */
    private final Map<String, String> ownerTags = new HashMap<>();
    private final Map<String, String> metadataNode = new HashMap<>();
    /** Nodes whose view of a VG is current; absent key: every node (no metadata change planned yet). */
    private final Map<String, Set<String>> freshView = new HashMap<>();
    /** Device paths each node will see once the planned logins ran. */
    private final Map<String, Set<String>> willSee = new HashMap<>();
    private final LvMap<LvFacts> facts;
    private final List<Step> steps = new ArrayList<>();
    private final List<Drift> drift = new ArrayList<>();
    private final List<Blocked> blocked = new ArrayList<>();
    /** VGs ("vg") and LVs ("vg/lv") whose autoactivation flag this plan turns off (before any later login). */
    private final Set<String> autoactivationOff = new HashSet<>();
    /** "node/vg" lockspaces started or planned (guard: sanlock). */
    private final Set<String> lockspaces = new HashSet<>();
    /** Shared VGs this plan creates (vgcreate --shared): their lockspace holds the global lock (globalLockOn). */
    private final Set<String> sharedVgsCreated = new HashSet<>();
    /** Spec VGs whose devices or VG the nodes do not see as the same (DeviceIdentityCheck): nothing of them is done. */
    private final Set<String> identityBlocked = new HashSet<>();
    /** Where blank-device checks go: before the first metadata change, so that a failed check changes nothing. */
    private int checksAt;

    /** What phase (2) decided about an LV, for phase (4). */
    private record LvFacts(boolean createdNow, boolean extended, List<String> tags) {
    }

    private Planner(Spec spec, FleetObservation observation, PlanOptions options) {
        this.spec = spec;
        this.options = options;
        for (VolumeGroupSpec vg : spec.volumeGroups()) {
            vgSpecs.putIfAbsent(vg.name(), vg);
        }
        for (DeviceSpec d : spec.devices()) {
            deviceSpecs.putIfAbsent(d.name(), d);
        }
        for (LogicalVolumeSpec lv : spec.logicalVolumes()) {
            lvsOfVg.computeIfAbsent(lv.vg(), k -> new ArrayList<>()).add(lv);
        }
        int lvsPerVg = spec.logicalVolumes().size() / Math.max(1, spec.volumeGroups().size());
        existingLvs = new LvMap<>(lvsPerVg);
        activeOn = new LvMap<>(lvsPerVg);
        facts = new LvMap<>(lvsPerVg);
        Map<String, NodeObservation> observed = new HashMap<>(LvMap.capacityFor(observation.nodes().size()));
        for (NodeObservation n : observation.nodes()) {
            observed.put(n.node(), n);
        }
        List<NodeObservation> inSpecOrder = new ArrayList<>(spec.nodes().size());
        for (NodeSpec n : spec.nodes()) {
            NodeObservation o = observed.get(n.name());
            inSpecOrder.add(o == null ? NodeObservation.unreachable(n.name(), "not observed") : o);
        }
        // What each node really uses, by the one rule status and the apply's verification use too (NodeUsage)
        LvIdentities identities = LvIdentities.of(spec, inSpecOrder);
        Set<String> specVgs = new LinkedHashSet<>();
        spec.volumeGroups().forEach(vg -> specVgs.add(vg.name()));
        // Each distinct LVM version string is parsed once (a fleet runs a handful of versions, not one per node).
        Map<String, Boolean> setAutoactivation = new HashMap<>();
        for (int i = 0; i < spec.nodes().size(); i++) {
            NodeSpec n = spec.nodes().get(i);
            NodeObservation o = inSpecOrder.get(i);
            boolean supports = o.reachable() && setAutoactivation.computeIfAbsent(o.lvmVersion(),
                    LvmVersion::supportsSetAutoactivation);
            NodeView view = new NodeView(n, o, NodeUsage.of(o, specVgs, identities),
                    n.fenced() || options.assumeFenced().contains(n.name()), supports);
            nodes.add(view);
            byName.put(n.name(), view);
            if (!view.reachable && !view.fenced) {
                unreachableUnfenced.add(n.name());
            }
            if (view.reachable && !view.fenced) {
                for (String vg : specVgs) {
                    String why = view.unknown(vg);
                    if (why != null) {
                        unknownOn.computeIfAbsent(vg, k -> new LinkedHashMap<>()).put(n.name(), why);
                    }
                }
            }
        }
    }

    public static Plan plan(Spec spec, FleetObservation observation, PlanOptions options) {
        return plan(spec, null, observation, options);
    }

    public static Plan plan(Spec spec, String specRevision, FleetObservation observation, PlanOptions options) {
        return plan(spec, specRevision, observation, options, ObservationFingerprint.of(observation));
    }

    /** With a fingerprint computed by the caller (it hashes the whole observation; benchmarks measure it apart). */
    public static Plan plan(Spec spec, String specRevision, FleetObservation observation, PlanOptions options,
                            String fingerprint) {
        Planner p = new Planner(spec, observation, options == null ? PlanOptions.DEFAULT : options);
        p.build();
        return new Plan(Plan.FORMAT_VERSION, specRevision, fingerprint, p.steps, p.drift, p.blocked);
    }

    private void build() {
        indexShared();
        for (NodeView n : nodes) {
            if (!n.reachable) {
                drift.add(new Drift("node " + n.name(), n.name(), "unreachable" + (n.fenced ? " (fenced)" : "")
                        + ": " + n.observation.error()));
            }
        }
        unknownOn.forEach((vg, nodesWhy) -> nodesWhy.forEach((node, why) -> blocked.add(new Blocked("vg " + vg, node,
                Severity.ERROR, vg + "'s LVs are unknown on " + node + ": " + why + "; nothing of " + vg
                + " is activated elsewhere until " + node + " is observed again (or marked fenced: true / "
                + "--assume-fenced " + node + " once you know it is down)"))));
        guard();
        identity();
        chooseMetadataNodes();
        Set<String> metadataNodes = new HashSet<>(metadataNode.values());
        for (NodeView n : nodes) {
            if (metadataNodes.contains(n.name())) {
                logins(n, devicesManagedBy(n.name()));
            }
        }
        // Logins that cannot activate anything may go before the metadata changes: the apply then runs them on
        // the other nodes while the metadata node works (see StepGraph).
        for (NodeView n : nodes) {
            logins(n, spec.devices().stream().filter(d -> loginCannotActivate(n, d)).toList());
        }
        checksAt = steps.size();
        // sanlock VGs first: with lvmlockd, a local VG's pvcreate/vgcreate/vgextend need the global lock, which
        // lives in a shared VG's lockspace (see globalLockOn)
        for (VolumeGroupSpec vg : spec.volumeGroups()) {
            if (vg.guard() == Guard.SANLOCK) {
                volumeGroup(vg);
            }
        }
        for (VolumeGroupSpec vg : spec.volumeGroups()) {
            if (vg.guard() != Guard.SANLOCK) {
                volumeGroup(vg);
            }
        }
        for (NodeView n : nodes) {
            logins(n, spec.devices());
        }
        for (VolumeGroupSpec vg : spec.volumeGroups()) {
            for (NodeView n : nodes) {
                lockStart(vg, n);
            }
        }
        for (LogicalVolumeSpec lv : spec.logicalVolumes()) {
            if (lv.present()) {
                place(lv);
            } else {
                remove(lv);
            }
        }
    }

    /** The node-side guard configuration goes first: no login, creation or activation before LVM enforces it. */
    private void guard() {
        GuardPlanner.Result g = GuardPlanner.plan(spec, nodes.stream().map(n -> n.observation).toList());
        steps.addAll(g.steps());
        drift.addAll(g.drift());
        blocked.addAll(g.blocked());
    }

    /**
     * A path is not an identity: a VG whose device (or the VG itself) is not the same on every node that sees it
     * gets no step at all, not even a protective deactivation or umount, since on some node the path (or the name)
     * is another device (or VG) that belongs to something else: the operator sorts the nodes out first.
     */
    private void identity() {
        for (DeviceIdentityCheck.Problem p : DeviceIdentityCheck.check(spec,
                nodes.stream().map(n -> n.observation).toList())) {
            blocked.add(new Blocked(p.subject(), null, Severity.ERROR, p.message()));
            identityBlocked.addAll(p.vgs());
        }
    }

    /**
     * With lvmlockd running (the spec has a guard: sanlock VG), LVM takes the global lock for pvcreate, vgcreate and
     * vgextend of a local VG too, and the global lock lives in a shared VG's lockspace: without one started on the
     * node they fail ("Global lock failed: check that global lockspace is started"). The node joins the lockspace of
     * every shared VG that exists or that this plan creates (which one holds the global lock is LVM's business)
     * before such a step. No sanlock VG in the spec: no lvmlockd, nothing to do.
     */
    private Blocked globalLockOn(NodeView n, VolumeGroupSpec local) {
        List<String> shared = new ArrayList<>();
        boolean joined = false;
        for (VolumeGroupSpec v : spec.volumeGroups()) {
            if (v.guard() != Guard.SANLOCK) {
                continue;
            }
            shared.add(v.name());
            if ((vgView.get(v.name()) != null || sharedVgsCreated.contains(v.name())) && willSeeVg(n.name(), v)) {
                lockStart(v, n);
                joined = true;
            }
        }
        if (shared.isEmpty() || joined) {
            return null;
        }
        // the node joins a lockspace later in this apply (after its logins) or once a shared VG exists
        return new Blocked("vg " + local.name(), n.name(), Severity.WARNING, "not written yet: with lvmlockd, "
                + "pvcreate, vgcreate and vgextend of " + local.name() + " on " + n.name() + " take LVM's global "
                + "lock, which lives in the lockspace of a shared VG (" + String.join(", ", shared) + ") that "
                + n.name() + " has not joined yet; the next apply writes once it has");
    }

    /** guard: sanlock: the node joins the VG's lockspace once, before it touches the VG. */
    private void lockStart(VolumeGroupSpec vg, NodeView n) {
        if (vg.guard() != Guard.SANLOCK || !n.reachable || !lockspaces.add(n.name() + "/" + vg.name())
                || GuardPlanner.lockspaceStarted(n.observation, vg.name())) {
            return;
        }
        boolean starting = n.observation.lvmConfig() != null && n.observation.lvmConfig().lockSetup() != null
                && n.observation.lvmConfig().lockSetup().lockspacesChanging().contains(vg.name());
        steps.add(new io.lvmops.plan.step.LockStart(n.name(), vg.name(), "join the sanlock lockspace of "
                + vg.name() + " on " + n.name() + (starting ? " (its start, at boot say, is already in progress: "
                + "this waits for it)" : " (its LVs cannot be locked there before)")));
    }

    // ---- indexing ----

    private void indexShared() {
        for (NodeView n : nodes) {
            if (!n.reachable) {
                continue;
            }
            n.activeOrOpenLvs().forEach((vg, lvs) -> {
                Map<String, List<NodeView>> onVg = activeOn.vgMap(vg);
                for (String lv : lvs.keySet()) {
                    onVg.computeIfAbsent(lv, k -> new ArrayList<>(2)).add(n);
                }
            });
            for (ObservedPv pv : n.observation.pvs()) {
                pvByPath.putIfAbsent(pv.name(), pv);
            }
        }
        // One node per VG is read for LV metadata (names, sizes, tags): the first reachable node, in spec order,
        // that sees the VG. Metadata is on the shared disk, identical wherever it is read.
        Map<NodeView, Set<String>> viewsOf = new LinkedHashMap<>();
        for (VolumeGroupSpec vg : spec.volumeGroups()) {
            for (NodeView n : nodes) {
                ObservedVg o = n.reachable ? n.vg(vg.name()) : null;
                if (o != null) {
                    vgView.put(vg.name(), o);
                    viewsOf.computeIfAbsent(n, k -> new HashSet<>()).add(vg.name());
                    break;
                }
            }
        }
        for (Map.Entry<NodeView, Set<String>> e : viewsOf.entrySet()) {
            Set<String> vgs = e.getValue();
            String lastVg = null;
            boolean lastWanted = false;
            Map<String, ObservedLv> lastMap = null;
            List<ObservedLv> lvs = e.getKey().observation.lvs();
            for (int i = 0, size = lvs.size(); i < size; i++) {
                ObservedLv lv = lvs.get(i);
                if (!lv.vg().equals(lastVg)) {
                    lastVg = lv.vg();
                    lastWanted = vgs.contains(lastVg);
                    lastMap = lastWanted ? existingLvs.vgMap(lastVg) : null;
                }
                if (lastWanted) {
                    lastMap.put(lv.name(), lv);
                }
            }
        }
    }

    private void chooseMetadataNodes() {
        for (VolumeGroupSpec vg : spec.volumeGroups()) {
            // One rule with the VG lock (LockNode): no metadata change of a VG is planned unless its lock node, where
            // every apply takes the VG's lock, is reachable. No other node stands in: two runs that see different
            // nodes would otherwise lock different nodes and could both write the metadata.
            String lockNode = io.lvmops.model.LockNode.of(spec, vg);
            NodeView node = byName.get(lockNode);
            if (node == null || !node.reachable) {
                blocked.add(new Blocked("vg " + vg.name(), lockNode, Severity.ERROR, "lock node " + lockNode + " of "
                        + vg.name() + " is unreachable: no metadata change of " + vg.name() + " runs anywhere else"));
                continue;
            }
            // The commands themselves may run elsewhere under that lock: a node that already sees the VG needs no
            // login first (a login of a node to an existing VG whose autoactivation is still on would activate its
            // LVs there before "autoactivation off" could run). A metadataNode the spec names runs them itself.
            NodeView seeing = vg.metadataNode() != null || node.vg(vg.name()) != null ? node : nodes.stream()
                    .filter(n -> n.reachable && n.vg(vg.name()) != null).findFirst().orElse(node);
            metadataNode.put(vg.name(), seeing.name());
        }
    }

    private List<DeviceSpec> devicesManagedBy(String node) {
        List<DeviceSpec> devices = new ArrayList<>();
        for (VolumeGroupSpec vg : spec.volumeGroups()) {
            if (node.equals(metadataNode.get(vg.name()))) {
                for (String d : vg.devices()) {
                    DeviceSpec ds = deviceSpecs.get(d);
                    if (ds != null && !devices.contains(ds)) {
                        devices.add(ds);
                    }
                }
            }
        }
        return devices;
    }

    // ---- phase 1 and 3: iSCSI ----

    private void logins(NodeView n, List<DeviceSpec> devices) {
        if (!n.reachable) {
            return;
        }
        boolean loggedIn = false;
        Set<String> seen = willSee.computeIfAbsent(n.name(), k -> new HashSet<>());
        for (DeviceSpec d : devices) {
            if (d.iscsi() == null || seen.contains(d.path())) {
                continue;
            }
            String portal = d.iscsi().portal();
            String target = d.iscsi().target();
            if (n.hasSession(portal, target) || n.seesDevice(d.path())) {
                seen.add(d.path());
                continue;
            }
            String hazard = loginHazard(n, d);
            if (hazard != null) {
                blocked.add(new Blocked("device " + d.name(), n.name(), Severity.ERROR, "not logged in yet: LVM on "
                        + n.name() + " would autoactivate " + hazard + " at the login; the next apply logs in "
                        + "once that is no longer so"));
                continue;
            }
            drift.add(new Drift("device " + d.name(), n.name(), "not logged in to " + target + " at " + portal));
            String why = "log in to " + target + " so that " + n.name() + " sees device " + d.name();
            steps.add(new IscsiNodeCreate(n.name(), target, portal, "record the target's portal as " + n.name()
                    + " reaches it (discovery may return one it cannot reach)"));
            steps.add(new IscsiStartupAutomatic(n.name(), target, portal, "log in again at boot"));
            steps.add(new IscsiLogin(n.name(), target, portal, why));
            steps.add(new WaitForDevice(n.name(), d.path(), "the device (or its multipath alias) appears "
                    + "asynchronously after the login"));
            seen.add(d.path());
            loggedIn = true;
        }
        if (loggedIn) {
            rescan(n.name(), "scan the newly visible devices so that LVM on " + n.name() + " sees their VGs");
        }
    }

    /**
     * What a login of {@code n} to {@code d} would activate behind the plan's back, or null: udev's pvscan
     * autoactivates the LVs of a VG that becomes complete, unless the VG's or LV's autoactivation flag is off (LVM
     * 2.03.12+, or turned off earlier in this plan) or the node's lvmops block forbids it (volume_list admits only
     * LVs tagged for the node; before 2.03.12 auto_activation_volume_list admits none). Such an activation is a
     * double activation if the LV is active on another node, or may be on an unreachable one.
     */
    private String loginHazard(NodeView n, DeviceSpec d) {
        ObservedPv pv = pvByPath.get(d.path());
        boolean everythingOff = !n.supportsSetAutoactivation && guardsByOwnerTag(n);
        if (pv == null && !unreachableUnfenced.isEmpty() && !everythingOff && nodes.stream().noneMatch(x -> {
            DeviceProbe p = x.reachable ? x.probe(d.path()) : null;
            return p != null && p.exists();
        })) {
            // nobody reachable has seen the device: it may hold a VG whose LVs an unreachable node has active
            return "whatever " + d.path() + " holds (no reachable node has seen it), which may be active on "
                    + "unreachable " + String.join(", ", unreachableUnfenced) + fenceHint();
        }
        if ((pv == null || pv.vg().isEmpty()) && !everythingOff) {
            // no LVM lists what the device holds (or one lists it as an orphan PV, which a node whose LVM is blind
            // to the VG also says: seed 121624), while a node where its VG is unknown may map its LVs
            for (VolumeGroupSpec vg : spec.volumeGroups()) {
                Map<String, String> unknown = vg.devices().contains(d.name()) ? unknownElsewhere(vg.name(), n.name())
                        : Map.of();
                if (!unknown.isEmpty()) {
                    return "whatever " + d.path() + " holds (no node's LVM lists it), which may be active on "
                            + describe(unknown);
                }
            }
        }
        if (pv == null || pv.vg().isEmpty()) {
            return null;
        }
        NodeView seer = nodes.stream().filter(x -> x.reachable && x.vg(pv.vg()) != null).findFirst().orElse(null);
        if (seer == null) {
            return null;
        }
        ObservedVg vg = seer.vg(pv.vg());
        boolean guarded = guardsByOwnerTag(n);
        boolean flags = n.supportsSetAutoactivation;
        if (!flags && guarded || flags && (autoactivationOff.contains(vg.name())
                || Boolean.FALSE.equals(vg.autoactivation()))) {
            return null;
        }
        String tag = GuardCheck.ownerTag(n.name());
        for (ObservedLv lv : seer.observation.lvs()) {
            if (!lv.vg().equals(vg.name()) || guarded && !lv.tags().contains(tag) || flags
                    && (Boolean.FALSE.equals(lv.autoactivation()) || autoactivationOff.contains(lv.vg() + "/" + lv.name()))) {
                continue;
            }
            // an LV the plan does not expect active on n: activated there behind its back, and perhaps on its owner
            LogicalVolumeSpec wanted = spec.logicalVolume(lv.vg(), lv.name()).orElse(null);
            if (wanted == null || !wanted.present() || !wanted.owner().equals(n.name())) {
                return lv.vg() + "/" + lv.name() + (wanted == null ? ", which the spec does not manage"
                        : ", whose owner is " + wanted.owner() + (wanted.present() ? "" : " (state: absent)"));
            }
            List<NodeView> on = activeOn.get(lv.vg(), lv.name());
            List<String> elsewhere = on == null ? List.of() : on.stream().filter(x -> x != n).map(NodeView::name)
                    .toList();
            if (!elsewhere.isEmpty()) {
                return lv.vg() + "/" + lv.name() + ", active on " + String.join(", ", elsewhere);
            }
            if (!unreachableUnfenced.isEmpty()) {
                return lv.vg() + "/" + lv.name() + ", which may be active on unreachable "
                        + String.join(", ", unreachableUnfenced) + fenceHint();
            }
            Map<String, String> unknown = unknownElsewhere(lv.vg(), n.name());
            if (!unknown.isEmpty()) {
                return lv.vg() + "/" + lv.name() + ", which may be active on " + describe(unknown);
            }
        }
        return null;
    }

    /**
     * Whether {@code n} may log in to {@code d} before any metadata change: no node knows of anything on the device
     * (no PV, no signature seen), no unreachable node could hold anything of it, and either some node saw it blank
     * or {@code n}'s LVM activates only LVs tagged for it (so that unknown content cannot activate there).
     */
    private boolean loginCannotActivate(NodeView n, DeviceSpec d) {
        if (d.iscsi() == null || !unreachableUnfenced.isEmpty() || !unknownOn.isEmpty() || pvByPath.containsKey(d.path())
                || sharedProbe(d.path()) != null) {
            return false;
        }
        boolean seenBlank = nodes.stream().anyMatch(x -> {
            DeviceProbe p = x.reachable ? x.probe(d.path()) : null;
            return p != null && p.exists() && p.blank();
        });
        return seenBlank || guardsByOwnerTag(n);
    }

    /** What lifts a hold caused by unreachable nodes, as the other blocked items say it. */
    private String fenceHint() {
        return " (mark " + (unreachableUnfenced.size() == 1 ? "it" : "them") + " fenced: true in the spec or pass "
                + "--assume-fenced " + unreachableUnfenced.get(0) + " once you know it is down)";
    }

    /** The reachable, unfenced nodes other than {@code except} where the VG's LVs are unknown, with why. */
    private Map<String, String> unknownElsewhere(String vg, String except) {
        Map<String, String> all = unknownOn.getOrDefault(vg, Map.of());
        if (all.isEmpty() || all.size() == 1 && all.containsKey(except)) {
            return Map.of();
        }
        Map<String, String> others = new LinkedHashMap<>(all);
        others.remove(except);
        return others;
    }

    /** "node1 (why); node2 (why)", then what lifts the hold. */
    private static String describe(Map<String, String> unknown) {
        StringBuilder b = new StringBuilder();
        unknown.forEach((node, why) -> b.append(b.length() == 0 ? "" : "; ").append(node).append(", where its LVs "
                + "are unknown: ").append(why));
        String first = unknown.keySet().iterator().next();
        return b + " (fix that node's view and plan again, or mark it fenced: true / pass --assume-fenced " + first
                + " once you know it is down)";
    }

    /** The node's LVM activates only LVs tagged for it: lvmops' block is in force, or planned before this point. */
    private boolean guardsByOwnerTag(NodeView n) {
        String tag = "\"@" + GuardCheck.ownerTag(n.name()) + "\"";
        io.lvmops.observe.NodeLvmConfig c = n.observation.lvmConfig();
        if (c != null && c.volumeList() != null && c.volumeList().contains("@" + GuardCheck.ownerTag(n.name()))) {
            return true;
        }
        return steps.stream().anyMatch(s -> s instanceof io.lvmops.plan.step.LvmConfigWrite w
                && w.node().equals(n.name()) && w.content().contains(tag));
    }

    private boolean willSeeDevice(String node, String path) {
        Set<String> seen = willSee.get(node);
        return (seen != null && seen.contains(path)) || byName.get(node).seesDevice(path);
    }

    private void rescan(String node, String reason) {
        // LVM 2.03 has no lvmetad and every lvm call here carries devices/hints=none: it reads the devices afresh
        // anyway, so `pvscan --cache` would only cost seconds. Unknown versions get the rescan.
        NodeView view = byName.get(node);
        if (view == null || view.observation == null || LvmVersion.mayCacheDevices(view.observation.lvmVersion())) {
            steps.add(new Rescan(node, reason));
        }
        for (Set<String> fresh : freshView.values()) {
            fresh.add(node);
        }
    }

    private void metadataChanged(String vg, String node) {
        Set<String> fresh = new HashSet<>();
        fresh.add(node);
        freshView.put(vg, fresh);
    }

    private boolean viewIsFresh(String vg, String node) {
        Set<String> fresh = freshView.get(vg);
        return fresh == null || fresh.contains(node);
    }

    // ---- phase 2: VG metadata ----

    private void volumeGroup(VolumeGroupSpec vg) {
        String m = metadataNode.get(vg.name());
        if (m == null || identityBlocked.contains(vg.name())) {
            return;
        }
        NodeView meta = byName.get(m);
        if (meta.unknown(vg.name()) != null) {
            blocked.add(new Blocked("vg " + vg.name(), m, Severity.ERROR, "no metadata change of " + vg.name()
                    + " on " + m + ": " + meta.unknown(vg.name())));
            return;
        }
        ObservedVg existing = vgView.get(vg.name());
        boolean autoOff = meta.supportsSetAutoactivation;
        if (!autoOff) {
            drift.add(new Drift("vg " + vg.name(), m, "LVM on " + m + " ("
                    + meta.observation.lvmVersion() + ") cannot disable autoactivation per VG (needs >= 2.03.12): "
                    + "udev may activate its LVs at iSCSI login or boot"));
        }
        List<String> newDevices = new ArrayList<>();
        List<Step> pvSteps = new ArrayList<>();
        List<String> noPvYet = new ArrayList<>();
        boolean deviceBlocked = false;
        for (String deviceName : vg.devices()) {
            DeviceSpec d = deviceSpecs.get(deviceName);
            if (d == null) {
                blocked.add(new Blocked("vg " + vg.name(), null, Severity.ERROR, "device " + deviceName
                        + " is not declared"));
                deviceBlocked = true;
                continue;
            }
            ObservedPv pv = pvByPath.get(d.path());
            if (pv != null && pv.vg().equals(vg.name())) {
                continue;
            }
            if (pv != null && !pv.vg().isEmpty()) {
                blocked.add(new Blocked("device " + d.name(), null, Severity.ERROR, d.path()
                        + " is already a PV of VG " + pv.vg() + "; lvmops never takes a device from another VG"));
                deviceBlocked = true;
                continue;
            }
            if (pv == null) {
                DeviceProbe probe = sharedProbe(d.path());
                if (probe != null && !probe.blank()) {
                    blocked.add(new Blocked("device " + d.name(), null, Severity.ERROR, d.path() + " carries a '"
                            + probe.signatureType() + "' signature; lvmops runs pvcreate only on a device with no "
                            + "signature at all (wipe it by hand if its content is really unwanted)"));
                    deviceBlocked = true;
                    continue;
                }
                if (!willSeeDevice(m, d.path())) {
                    blocked.add(new Blocked("device " + d.name(), m, Severity.ERROR, d.path()
                            + " is not visible on metadata node " + m + " and has no iSCSI target to log in to"));
                    deviceBlocked = true;
                    continue;
                }
            }
            // vgcreate/vgextend write to the device whether pvcreate runs first or it is an orphan PV already
            Blocked notCompared = viewsNotCompared(m, d, pv == null && sharedProbe(d.path()) == null);
            if (notCompared != null) {
                blocked.add(notCompared);
                deviceBlocked = true;
                continue;
            }
            if (pv == null) {
                DeviceProbe probe = sharedProbe(d.path());
                if (probe == null && d.iscsi() == null) {
                    verifyBlank(m, d);
                }
                pvSteps.add(new PvCreate(m, d.path(), "device " + d.name() + " is blank"));
                noPvYet.add(d.path());
            }
            newDevices.add(d.path());
        }
        if (existing == null) {
            if (deviceBlocked) {
                blocked.add(new Blocked("vg " + vg.name(), m, Severity.ERROR, "not created: a device is blocked"));
                return;
            }
            drift.add(new Drift("vg " + vg.name(), null, "missing"));
            Blocked noGlobalLock = vg.guard() == Guard.SANLOCK ? null : globalLockOn(meta, vg);
            if (noGlobalLock != null) {
                blocked.add(noGlobalLock);
                return;
            }
            if (vg.guard() != Guard.SANLOCK) {
                // with use_lvmlockd, pvcreate needs the global lock, which the first shared VG creates: there
                // vgcreate --shared initialises the blank device itself
                steps.addAll(pvSteps);
            }
            autoactivationOff.add(vg.name());
            steps.add(new VgCreate(m, vg.name(), newDevices, vg.extentSize() == null ? null : vg.extentSize().bytes(),
                    autoOff, vg.guard() == Guard.SANLOCK, vg.guard() == Guard.SANLOCK ? noPvYet : List.of(),
                    "create VG " + vg.name() + (autoOff
                    ? " with autoactivation off (a login or boot must never activate a shared LV)" : "")));
            metadataChanged(vg.name(), m);
            lockspaces.add(m + "/" + vg.name()); // vgcreate --shared starts it on the metadata node
            if (vg.guard() == Guard.SANLOCK) {
                sharedVgsCreated.add(vg.name());
            }
        } else {
            lockStart(vg, meta);
            Blocked noGlobalLock = vg.guard() == Guard.SANLOCK || newDevices.isEmpty() ? null
                    : globalLockOn(meta, vg);
            if (noGlobalLock != null) {
                blocked.add(noGlobalLock);
                newDevices.clear();
                pvSteps.clear();
            }
            steps.addAll(pvSteps);
            for (String path : newDevices) {
                steps.add(new VgExtend(m, vg.name(), path, "device " + path + " is declared for " + vg.name()));
                metadataChanged(vg.name(), m);
            }
            if (!willSeeVg(m, vg)) {
                blocked.add(new Blocked("vg " + vg.name(), m, Severity.ERROR, "metadata node " + m
                        + " does not see " + vg.name()));
                return;
            }
            if (Boolean.TRUE.equals(existing.autoactivation()) && autoOff) {
                autoactivationOff.add(vg.name());
                steps.add(new VgAutoactivationOff(m, vg.name(), "autoactivation is on: a login or boot of any node "
                        + "would activate the VG's LVs there"));
                metadataChanged(vg.name(), m);
            }
            if (vg.guard() == Guard.SANLOCK && existing.lockType().isEmpty()) {
                drift.add(new Drift("vg " + vg.name(), null, "spec asks guard: sanlock but the VG is local; "
                        + "lvmops does not convert an existing VG"));
            }
        }
        long extent = existing != null && existing.extentSizeBytes() > 0 ? existing.extentSizeBytes()
                : vg.extentSize() != null ? vg.extentSize().bytes() : DEFAULT_EXTENT_BYTES;
        for (LogicalVolumeSpec lv : lvsOfVg.getOrDefault(vg.name(), List.of())) {
            if (lv.present()) {
                lvMetadata(vg, lv, m, meta, extent);
            }
        }
    }

    /**
     * A path is not an identity: before a device becomes part of a VG, every node's view of it must have been
     * compared (DeviceIdentityCheck at plan time, or {@link VerifySameDevice} at apply time for a device nobody had
     * seen). Returns why that cannot be so in this apply, or null.
     */
    private Blocked viewsNotCompared(String m, DeviceSpec d, boolean nobodyHasSeenIt) {
        if (!unreachableUnfenced.isEmpty()) {
            // an unreachable node's view is unknown: it may reach another disk under this path, one that holds what
            // it has active. Unknown blocks, as everywhere.
            return new Blocked("device " + d.name(), m, Severity.ERROR, d.path() + " is not initialised while "
                    + String.join(", ", unreachableUnfenced) + " cannot be observed (unreachable): what "
                    + (unreachableUnfenced.size() == 1 ? "it reaches" : "they reach") + " under this path has not "
                    + "been compared with what the others see" + fenceHint());
        }
        if (d.iscsi() == null) {
            return null;
        }
        if (nobodyHasSeenIt) {
            String why = loginAllAndCompare(m, d);
            return why == null ? null : new Blocked("device " + d.name(), m, Severity.WARNING, why);
        }
        List<String> seers = nodes.stream().filter(x -> x.reachable && x.seesDevice(d.path()))
                .map(NodeView::name).toList();
        List<String> notYet = nodes.stream().filter(x -> x.reachable && !x.fenced && !x.seesDevice(d.path()))
                .map(NodeView::name).toList();
        if (!seers.isEmpty() && !notYet.isEmpty()) {
            // some nodes see the device, others will only after their login, and what they will see under the path
            // has not been compared with what the others see: they log in now; the next plan compares, then writes
            return new Blocked("device " + d.name(), m, Severity.WARNING, d.path() + " is seen by "
                    + String.join(", ", seers) + " but not yet by " + String.join(", ", notYet) + ": they log "
                    + "in now, and the next apply writes to it once every node's view of the device has "
                    + "been compared");
        }
        return null;
    }

    private void verifyBlank(String m, DeviceSpec d) {
        drift.add(new Drift("device " + d.name(), m, "content unknown until " + m + " logs in; "
                + "verified blank before anything is written to it"));
        steps.add(checksAt++, new VerifyBlank(m, d.path(), "no node could probe " + d.path()
                + " before the login: prove it carries no signature before any metadata change"));
    }

    /**
     * A device no node has seen yet: nothing could be compared at plan time. Once metadata node {@code m} proved it
     * blank (a login to a blank device cannot activate anything), every other reachable node logs in too, and the
     * apply compares all their views right before the first write ({@link VerifySameDevice}). Returns why the
     * device waits for a later apply instead (a node that may not log in now), or null.
     */
    private String loginAllAndCompare(String m, DeviceSpec d) {
        verifyBlank(m, d);
        int from = steps.size();
        for (NodeView x : nodes) {
            if (x.reachable && !x.fenced && !x.name().equals(m)) {
                logins(x, List.of(d));
            }
        }
        // these logins run after the blank proof (a CLUSTER step), before the comparison and every write
        List<Step> moved = new ArrayList<>(steps.subList(from, steps.size()));
        steps.subList(from, steps.size()).clear();
        steps.addAll(checksAt, moved);
        checksAt += moved.size();
        List<String> compared = nodes.stream().filter(x -> x.reachable && !x.fenced && willSeeDevice(x.name(),
                d.path())).map(NodeView::name).toList();
        List<String> notYet = nodes.stream().filter(x -> x.reachable && !x.fenced && !compared.contains(x.name()))
                .map(NodeView::name).toList();
        if (!notYet.isEmpty()) {
            return d.path() + " has been seen by no node yet and " + String.join(", ", notYet) + " cannot log in to "
                    + "it now: the next apply creates the PV once every node's view of the device has been compared";
        }
        steps.add(checksAt++, new VerifySameDevice(m, d.path(), compared, "no node had seen " + d.path()
                + " when the plan was made: compare what every node sees under the path before the first write"));
        return null;
    }

    /** Whether some device of the VG has not been probed on any reachable node: what it holds is not known. */
    private boolean devicesNobodyHasSeen(String vg) {
        VolumeGroupSpec v = vgSpecs.get(vg);
        return v != null && v.devices().stream().map(deviceSpecs::get)
                .anyMatch(d -> d != null && sharedProbe(d.path()) == null);
    }

    /** What the nodes probed on the device: blank only when every node that could tell says blank. */
    private DeviceProbe sharedProbe(String path) {
        DeviceProbe blank = null;
        for (NodeView n : nodes) {
            DeviceProbe p = n.probe(path);
            if (p != null && p.exists() && p.signatureType() != null) {
                if (!p.blank()) {
                    return p;
                }
                blank = blank == null ? p : blank;
            }
        }
        return blank;
    }

    private boolean willSeeVg(String node, VolumeGroupSpec vg) {
        NodeView n = byName.get(node);
        if (n.vg(vg.name()) != null) {
            return true;
        }
        for (String d : vg.devices()) {
            DeviceSpec ds = deviceSpecs.get(d);
            if (ds != null && willSeeDevice(node, ds.path())) {
                return true;
            }
        }
        return false;
    }

    private void lvMetadata(VolumeGroupSpec vg, LogicalVolumeSpec lv, String m, NodeView meta, long extent) {
        ObservedLv ex = existingLvs.get(lv.vg(), lv.name());
        if (ex == null) {
            drift.add(new Drift(lv.fullName(), null, "missing"));
            // lvcreate activates (and zeroes) the new LV: not while a node may map an older LV of that name, whose
            // extents the new one may reuse, or while a node's view of the VG is unknown
            List<String> mapped = activeOnOrNone(lv).stream().map(n -> n.name() + " (" + usedHow(n, lv) + ")").toList();
            if (!mapped.isEmpty()) {
                blocked.add(new Blocked(lv.fullName(), null, Severity.CRITICAL, "not created: " + lv.fullName()
                        + " is not in " + lv.vg() + "'s metadata, yet it is in use on " + String.join(", ", mapped)
                        + " (a mapping left behind by a removed LV); remove that mapping by hand and plan again"));
                return;
            }
            Map<String, String> unknown = unknownElsewhere(lv.vg(), null);
            if (!unknown.isEmpty()) {
                blocked.add(new Blocked(lv.fullName(), String.join(",", unknown.keySet()), Severity.ERROR,
                        "not created: a node may map an older LV of that name: " + describe(unknown)));
                return;
            }
            List<String> tags = List.of(LvmCommands.ownerTag(m));
            steps.add(new LvCreate(m, lv.vg(), lv.name(), lv.size().bytes(), vg.guard() == Guard.SANLOCK, tags,
                    meta.supportsSetAutoactivation, "create " + lv.fullName() + " (" + lv.size().human() + "), zeroed and "
                    + "wiped, on metadata node " + m + (m.equals(lv.owner()) ? "" : "; it moves to its owner "
                    + lv.owner() + " below")));
            metadataChanged(lv.vg(), m);
            facts.put(lv.vg(), lv.name(), new LvFacts(true, false, tags));
            return;
        }
        boolean extended = false;
        long want = lv.size().bytes();
        long rounded = (want + extent - 1) / extent * extent;
        if (ex.sizeBytes() < want) {
            drift.add(new Drift(lv.fullName(), null, "size " + ex.sizeBytes() + " bytes, spec " + want));
            steps.add(new LvExtend(m, lv.vg(), lv.name(), want, "grow " + lv.fullName() + " from " + ex.sizeBytes()
                    + " to " + want + " bytes"));
            metadataChanged(lv.vg(), m);
            extended = true;
        } else if (ex.sizeBytes() > rounded) {
            blocked.add(new Blocked(lv.fullName(), null, Severity.ERROR, lv.fullName() + " is " + ex.sizeBytes() + " bytes, the spec "
                    + "says " + want + ": lvmops never shrinks an LV (the data beyond would be lost); set the size "
                    + "back to at least " + ex.sizeBytes() + " bytes"));
        }
        if (Boolean.TRUE.equals(ex.autoactivation()) && meta.supportsSetAutoactivation) {
            autoactivationOff.add(lv.fullName());
            steps.add(new LvAutoactivationOff(m, lv.vg(), lv.name(), "autoactivation is on for " + lv.fullName()));
            metadataChanged(lv.vg(), m);
        }
        facts.put(lv.vg(), lv.name(), new LvFacts(false, extended, ex.tags()));
    }

    // ---- phase 4: placement ----

    private void place(LogicalVolumeSpec lv) {
        LvFacts f = facts.get(lv.vg(), lv.name());
        String m = metadataNode.get(lv.vg());
        NodeView owner = byName.get(lv.owner());
        if (f == null || owner == null) {
            blocked.add(new Blocked(lv.fullName(), null, Severity.ERROR, owner == null ? "owner " + lv.owner()
                    + " is not a node of the spec" : "not planned: VG " + lv.vg() + " cannot be changed (see above)"));
            return;
        }
        if (heldByNodeOutsideSpec(lv, f.tags)) {
            return;
        }
        List<NodeView> nonOwnersActive = new ArrayList<>();
        boolean blindHolder = false;
        boolean ownerActive = false;
        String content = f.createdNow ? "" : null;
        List<NodeView> candidates = f.createdNow ? List.of(byName.get(m)) : activeOnOrNone(lv);
        for (NodeView n : candidates) {
            boolean active;
            ObservedLv here = n.activeLv(lv.vg(), lv.name());
            if (f.createdNow) {
                active = true;
            } else {
                active = here != null;
                if (here != null && content == null) {
                    DeviceProbe p = n.probe(here.path());
                    if (p != null && p.exists() && p.signatureType() != null) {
                        content = p.signatureType();
                    }
                }
            }
            if (!active) {
                continue;
            }
            if (n == owner) {
                ownerActive = true;
            } else if (n.unknown(lv.vg()) != null) {
                // device-mapper or a mount shows it there, but that node's LVM cannot deactivate what it cannot see
                blocked.add(new Blocked(lv.fullName(), n.name(), Severity.CRITICAL, lv.fullName() + " is in use on "
                        + n.name() + " (not its owner " + lv.owner() + "): " + usedHow(n, lv) + ", but " + n.name()
                        + "'s view of " + lv.vg() + " is unknown (see above), so lvmops cannot deactivate it there; "
                        + "restore that view (or stop its users and remove the mapping by hand) and plan again"));
                blindHolder = true;
            } else {
                nonOwnersActive.add(n);
                if (!f.createdNow) {
                    drift.add(new Drift(lv.fullName(), n.name(), "active on " + n.name() + ", which is not its owner "
                            + lv.owner()));
                }
            }
        }

        boolean handoverBlocked = false;
        List<String> deactivated = new ArrayList<>();
        // The previous owner's own mount (the LV's owner tag names it, lvmops mounted it at the spec's mount point,
        // and it is active nowhere else) is a planned handover, not a rogue writer: unmount it first. "Nowhere else"
        // includes unreachable nodes: while one could hold it, the owner's activation would be withheld anyway.
        boolean handover = !ownerActive && !blindHolder && nonOwnersActive.size() == 1 && unreachableUnfenced.isEmpty()
                && unknownElsewhere(lv.vg(), null).isEmpty()
                && f.tags.contains(LvmCommands.ownerTag(nonOwnersActive.get(0).name()));
        for (NodeView n : nonOwnersActive) {
            if (!clearNonOwner(lv, n, f.createdNow, handover)) {
                handoverBlocked = true;
                continue;
            }
            steps.add(new Deactivate(n.name(), lv.vg(), lv.name(), n.name() + " is not the owner of " + lv.fullName()
                    + " (" + lv.owner() + ")"));
            steps.add(new VerifyInactive(n.name(), lv.vg(), lv.name(), "prove " + lv.fullName() + " is inactive on "
                    + n.name() + " before it is active anywhere else"));
            deactivated.add(n.name());
        }

        if (handoverBlocked || blindHolder) {
            // Another node still has it open or mounted: touching the owner now would make two writers.
            return;
        }
        String ownerTag = ownerTags.computeIfAbsent(lv.owner(), LvmCommands::ownerTag);
        if (!ownerActive) {
            if (!owner.reachable) {
                blocked.add(new Blocked(lv.fullName(), owner.name(), Severity.ERROR, "owner " + owner.name() + " is "
                        + "unreachable: " + lv.fullName() + " stays inactive everywhere until it is back or the spec moves it"));
                return;
            }
            VolumeGroupSpec vgSpec = vgSpecs.get(lv.vg());
            if (vgSpec == null) {
                throw new java.util.NoSuchElementException("No value present");
            }
            if (!willSeeVg(owner.name(), vgSpec)) {
                blocked.add(new Blocked(lv.fullName(), owner.name(), Severity.ERROR, "owner " + owner.name()
                        + " does not see VG " + lv.vg() + " and cannot log in to its devices"));
                return;
            }
            if (owner.unknown(lv.vg()) != null) {
                blocked.add(new Blocked(lv.fullName(), owner.name(), Severity.ERROR, "not activated on its owner "
                        + owner.name() + ": " + owner.unknown(lv.vg())));
                return;
            }
            Map<String, String> unknown = unknownElsewhere(lv.vg(), owner.name());
            if (!unknown.isEmpty()) {
                // a reachable node whose device-mapper or LVM cannot tell: it may map the LV (even one created now,
                // under a name an older LV had), so no lease wait or fresh creation lifts this
                blocked.add(new Blocked(lv.fullName(), String.join(",", unknown.keySet()), Severity.ERROR,
                        "not activated on " + owner.name() + ": it may be active on " + describe(unknown)));
                return;
            }
            boolean newAndUnknownElsewhere = f.createdNow && byName.get(m).supportsSetAutoactivation;
            boolean sanlockVg = vgSpec.guard() == Guard.SANLOCK;
            // sanlock: an unreachable node can only hold the LV through its lease; LVM grants -aey once it expired
            boolean waitForLease = sanlockVg && !unreachableUnfenced.isEmpty() && !newAndUnknownElsewhere;
            if (!unreachableUnfenced.isEmpty() && !newAndUnknownElsewhere && !waitForLease) {
                blocked.add(new Blocked(lv.fullName(), String.join(",", unreachableUnfenced), Severity.ERROR,
                        "not activated on " + owner.name() + ": " + String.join(", ", unreachableUnfenced)
                                + (unreachableUnfenced.size() == 1 ? " is" : " are") + " unreachable and could "
                                + "hold it active; mark " + (unreachableUnfenced.size() == 1 ? "it" : "them")
                                + " fenced: true in the spec or pass --assume-fenced " + unreachableUnfenced.get(0)
                                + " once you know it is down"));
                return;
            }
            if (!f.createdNow) {
                drift.add(new Drift(lv.fullName(), owner.name(), "inactive on its owner " + owner.name()));
            }
            moveOwnerTag(lv, m, f.tags, ownerTag);
            if (!viewIsFresh(lv.vg(), owner.name())) {
                rescan(owner.name(), "refresh " + owner.name() + "'s view of " + lv.vg() + " (changed on " + m + ")");
            }
            boolean exclusive = sanlockVg;
            if (waitForLease) {
                drift.add(new Drift(lv.fullName(), String.join(",", unreachableUnfenced), String.join(", ", unreachableUnfenced)
                        + " unreachable: activation on " + owner.name() + " waits until sanlock lets its lease expire"
                        + " (~" + WaitForLease.EXPECTED_WAIT_SECONDS + " s after it stopped renewing)"));
                steps.add(new WaitForLease(owner.name(), lv.vg(), lv.name(), String.join(",", unreachableUnfenced),
                        WaitForLease.EXPECTED_WAIT_SECONDS, WaitForLease.DEADLINE_SECONDS, "activate " + lv.fullName()
                        + " exclusively on " + owner.name() + " once the lease of unreachable "
                        + String.join(", ", unreachableUnfenced) + " expired (no --assume-fenced needed)"));
            } else {
                steps.add(new Activate(owner.name(), lv.vg(), lv.name(), exclusive, "activate " + lv.fullName() + " on its owner"
                        + (deactivated.isEmpty() ? "" : ", now verified inactive on " + String.join(", ", deactivated))));
            }
        } else {
            if (owner.unknown(lv.vg()) != null) {
                // its LVM cannot refresh or change what it cannot see; the next plan acts once its view is back
                blocked.add(new Blocked(lv.fullName(), owner.name(), Severity.ERROR, lv.fullName() + " is active on "
                        + "its owner " + owner.name() + ", but nothing more is done with it there: "
                        + owner.unknown(lv.vg())));
                return;
            }
            moveOwnerTag(lv, m, f.tags, ownerTag);
            if (f.extended && !owner.name().equals(m)) {
                steps.add(new Refresh(owner.name(), lv.vg(), lv.name(), "load " + lv.fullName() + "'s new size (extended on "
                        + m + ") into " + owner.name() + "'s device-mapper table"));
            } else if (!f.extended) {
                staleTable(lv, owner);
            }
        }
        filesystem(lv, owner, content, f);
    }

    /**
     * The owner maps the LV with a size older than its metadata: it was extended on another node and the apply
     * stopped before the refresh. Refresh it, or growing the filesystem would find nothing to grow into.
     */
    private void staleTable(LogicalVolumeSpec lv, NodeView owner) {
        ObservedLv meta = existingLvs.get(lv.vg(), lv.name());
        DeviceProbe p = owner.probe(LvmCommands.lvPath(lv.vg(), lv.name()));
        if (meta == null || p == null || !p.exists() || p.sizeBytes() <= 0 || p.sizeBytes() >= meta.sizeBytes()) {
            return;
        }
        drift.add(new Drift(lv.fullName(), owner.name(), "mapped with " + approx(p.sizeBytes()) + " on "
                + owner.name() + ", the LV is " + approx(meta.sizeBytes())));
        steps.add(new Refresh(owner.name(), lv.vg(), lv.name(), "device-mapper table of " + lv.fullName() + " on "
                + owner.name() + " is " + approx(p.sizeBytes()) + ", the LV is " + approx(meta.sizeBytes())
                + " (an earlier apply stopped after lvextend on another node)"));
    }

    /**
     * The filesystem's own size as a node where the LV is active read it (its superblock is on the shared disk, the
     * same wherever it is read): the owner's first, else another node's. Null when nobody could read it.
     */
    private ObservedFilesystem observedFilesystem(LogicalVolumeSpec lv, NodeView owner) {
        String path = LvmCommands.lvPath(lv.vg(), lv.name());
        DeviceProbe own = owner.activeLv(lv.vg(), lv.name()) == null ? null : owner.probe(path);
        if (own != null && own.filesystem() != null) {
            return own.filesystem();
        }
        for (NodeView n : activeOnOrNone(lv)) {
            DeviceProbe p = n.probe(path);
            if (p != null && p.filesystem() != null) {
                return p.filesystem();
            }
        }
        return null;
    }

    /** About two significant digits for a reason text: 1.0G, 512.0M. */
    static String approx(long bytes) {
        String units = "KMGTPE";
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length() - 1) {
            v /= 1024;
            u++;
        }
        return u < 0 ? bytes + "B" : String.format(Locale.ROOT, "%.1f%c", v, units.charAt(u));
    }

    /** "mapped in device-mapper, mounted at /mnt/x" for a blocked item's text. */
    private static String usedHow(NodeView n, LogicalVolumeSpec lv) {
        NodeUsage.LvUse use = n.usage.lv(lv.vg(), lv.name());
        if (use == null) {
            return "active";
        }
        List<String> how = new ArrayList<>();
        if (use.mapped()) {
            how.add("device-mapper maps it" + (use.openCount() > 0 ? " (open count " + use.openCount() + ")" : ""));
        }
        if (!use.mounts().isEmpty()) {
            how.add("mounted at " + use.mounts().get(0).mountPoint());
        }
        if (use.lvm() != null && use.lvm().active()) {
            how.add("LVM lists it active");
        }
        return how.isEmpty() ? "active" : String.join(", ", how);
    }

    /**
     * An owner tag naming a node that is not in the spec, not retired and not declared fenced: that node (removed from
     * the spec while it held the LV, say) may still have it active, and nobody observes it. Nothing of the LV is
     * placed until it is declared gone; true (with a blocked item) when so.
     */
    private boolean heldByNodeOutsideSpec(LogicalVolumeSpec lv, List<String> tags) {
        List<String> outside = new ArrayList<>();
        for (String t : tags) {
            if (t.startsWith(LvmCommands.OWNER_TAG_PREFIX)) {
                String node = t.substring(LvmCommands.OWNER_TAG_PREFIX.length());
                if (!byName.containsKey(node) && !spec.retiredNodes().contains(node)
                        && !options.assumeFenced().contains(node)) {
                    outside.add(node);
                }
            }
        }
        if (outside.isEmpty()) {
            return false;
        }
        String first = outside.get(0);
        blocked.add(new Blocked(lv.fullName(), String.join(",", outside), Severity.ERROR, lv.fullName()
                + "'s owner tag names " + String.join(", ", outside) + ", which " + (outside.size() == 1 ? "is" : "are")
                + " not in the spec's nodes: " + (outside.size() == 1 ? "it" : "they") + " may still have it active "
                + "(a node removed from the spec while it held the LV), and lvmops cannot observe "
                + (outside.size() == 1 ? "it" : "them") + ". Nothing activates it elsewhere until " + first
                + " is listed in retiredNodes: (once it is powered off or cut off from the storage) or --assume-fenced "
                + first + " is given"));
        return true;
    }

    /** Unmounts a non-owner's mounts if allowed; false when the LV must stay there (a blocked item is recorded). */
    private boolean clearNonOwner(LogicalVolumeSpec lv, NodeView n, boolean createdNow, boolean handover) {
        if (createdNow) {
            return true;
        }
        ObservedLv here = n.activeLv(lv.vg(), lv.name());
        List<MountEntry> mounts = n.mountsOf(here);
        if (mounts.isEmpty() && !here.open()) {
            return true;
        }
        if (mounts.isEmpty()) {
            blocked.add(new Blocked(lv.fullName(), n.name(), Severity.CRITICAL, lv.fullName() + " is open on " + n.name()
                    + " (not its owner " + lv.owner() + ") without a mount: a process there uses it; lvmops never "
                    + "deactivates it by force. Stop that process on " + n.name() + " and plan again"));
            return false;
        }
        if (handover && mountedOnlyAtSpecMountPoint(lv, mounts)) {
            for (MountEntry mount : mounts) {
                steps.add(new Umount(n.name(), lv.vg(), lv.name(), mount.mountPoint(), "hand " + lv.fullName()
                        + " over from its previous owner " + n.name() + " to " + lv.owner() + ": unmount it there first"));
            }
            return true;
        }
        if (!options.forceHandover()) {
            blocked.add(new Blocked(lv.fullName(), n.name(), Severity.CRITICAL, lv.fullName() + " is mounted on " + n.name() + " at "
                    + mounts.get(0).mountPoint() + " but its owner is " + lv.owner() + ": writes from two nodes "
                    + "corrupt it. Stop its users on " + n.name() + ", or plan with --force-handover to unmount it"));
            return false;
        }
        for (MountEntry mount : mounts) {
            steps.add(new Umount(n.name(), lv.vg(), lv.name(), mount.mountPoint(), "--force-handover: unmount "
                    + lv.fullName() + " from " + n.name() + ", which is not its owner"));
        }
        return true;
    }

    private static boolean mountedOnlyAtSpecMountPoint(LogicalVolumeSpec lv, List<MountEntry> mounts) {
        if (lv.filesystem() == null) {
            return false;
        }
        String wanted = trimSlash(lv.filesystem().mountPoint());
        for (MountEntry mount : mounts) {
            if (!trimSlash(mount.mountPoint()).equals(wanted)) {
                return false;
            }
        }
        return true;
    }

    private static String trimSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private void moveOwnerTag(LogicalVolumeSpec lv, String m, List<String> tags, String ownerTag) {
        List<String> stale = List.of();
        for (String t : tags) {
            if (t.startsWith(LvmCommands.OWNER_TAG_PREFIX) && !t.equals(ownerTag)) {
                if (stale.isEmpty()) {
                    stale = new ArrayList<>(1);
                }
                stale.add(t);
            }
        }
        boolean missing = !tags.contains(ownerTag);
        if (!missing && stale.isEmpty()) {
            return;
        }
        stale = List.copyOf(stale);
        steps.add(new LvTags(m, lv.vg(), lv.name(), missing ? List.of(ownerTag) : List.of(), stale,
                "owner tag of " + lv.fullName() + " names " + lv.owner()));
        metadataChanged(lv.vg(), m);
    }

    private void filesystem(LogicalVolumeSpec lv, NodeView owner, String content, LvFacts f) {
        FilesystemSpec fs = lv.filesystem();
        if (fs == null) {
            return;
        }
        String wanted = fs.type().specName();
        boolean made = false;
        if ("".equals(content) && !f.createdNow && !options.allowFormat().contains(lv.fullName())) {
            // blkid -p finds nothing on a raw database file, plain dm-crypt or a device it cannot read: only an LV
            // this apply creates (zeroed and wiped) is formatted without the operator naming it
            drift.add(new Drift(lv.fullName(), owner.name(), "no filesystem recognised on " + lv.fullName()
                    + "; lvmops does not format an existing LV (if its content is really unwanted: --allow-format "
                    + lv.fullName() + ", and the node must still prove it blank)"));
            return;
        } else if ("".equals(content)) {
            steps.add(new Mkfs(owner.name(), lv.vg(), lv.name(), fs.type(), lv.fullName() + (f.createdNow
                    ? " carries no signature" : " carries no recognised signature and --allow-format names it")));
            made = true;
        } else if (content != null && !content.equals(wanted)) {
            blocked.add(new Blocked(lv.fullName(), owner.name(), Severity.ERROR, lv.fullName() + " carries '" + content + "', the spec "
                    + "says " + wanted + ": lvmops never formats a non-blank LV"));
            return;
        } else if (content == null) {
            drift.add(new Drift(lv.fullName(), owner.name(), "content unknown until it is active on " + owner.name()
                    + "; lvmops formats only an LV it creates, or one named by --allow-format"));
        }
        ObservedLv here = f.createdNow ? null : owner.activeLv(lv.vg(), lv.name());
        List<MountEntry> mounts = here == null ? List.of() : owner.mountsOf(here);
        boolean mounted = false;
        for (MountEntry mt : mounts) {
            mounted |= mt.mountPoint().equals(fs.mountPoint());
        }
        if (!mounted) {
            MountEntry other = owner.mountAt(fs.mountPoint());
            if (other != null) {
                blocked.add(new Blocked(lv.fullName(), owner.name(), Severity.ERROR, fs.mountPoint() + " on " + owner.name()
                        + " already has " + other.source() + " mounted"));
                return;
            }
            if (!f.createdNow) {
                drift.add(new Drift(lv.fullName(), owner.name(), "not mounted at " + fs.mountPoint()));
            }
            steps.add(new MakeMountPoint(owner.name(), fs.mountPoint(), "mount point of " + lv.fullName()));
            steps.add(new Mount(owner.name(), lv.vg(), lv.name(), fs.type(), fs.mountPoint(), "mount " + lv.fullName()
                    + " on its owner"));
        }
        if (f.extended && !made) {
            steps.add(new FsGrow(owner.name(), lv.vg(), lv.name(), fs.type(), fs.mountPoint(), "grow the "
                    + wanted + " filesystem online to the new size of " + lv.fullName()));
        } else if (!made && !f.createdNow) {
            unfinishedGrow(lv, owner, fs);
        }
    }

    /**
     * The filesystem is smaller than its LV by more than the tail its own tools leave unused: an earlier apply
     * stopped (or was killed) after lvextend and before the grow, so the LV is at its spec size and only the
     * filesystem shows what is left to do. In the steady state a filesystem fills its LV up to that tail, so this
     * never plans a grow there.
     */
    private void unfinishedGrow(LogicalVolumeSpec lv, NodeView owner, FilesystemSpec fs) {
        ObservedLv meta = existingLvs.get(lv.vg(), lv.name());
        ObservedFilesystem observed = observedFilesystem(lv, owner);
        if (meta == null || observed == null || !observed.type().equals(fs.type().specName())
                || !observed.shortOf(meta.sizeBytes())) {
            return;
        }
        drift.add(new Drift(lv.fullName(), owner.name(), "filesystem " + approx(observed.sizeBytes()) + ", the LV "
                + approx(meta.sizeBytes()) + ": not grown"));
        steps.add(new FsGrow(owner.name(), lv.vg(), lv.name(), fs.type(), fs.mountPoint(), "filesystem on "
                + lv.fullName() + " is " + approx(observed.sizeBytes()) + ", the LV is " + approx(meta.sizeBytes())
                + " (an earlier apply stopped after lvextend)"));
    }

    // ---- removal ----

    private void remove(LogicalVolumeSpec lv) {
        if (identityBlocked.contains(lv.vg())) {
            blocked.add(new Blocked(lv.fullName(), null, Severity.ERROR, "not removed: the nodes do not see the same "
                    + lv.vg() + " (see above)"));
            return;
        }
        if (!existingLvs.containsKey(lv.vg(), lv.name())) {
            String m = metadataNode.get(lv.vg());
            // a metadata node whose view of the VG is unknown changes nothing of it either (see volumeGroup)
            if (m == null || byName.get(m).unknown(lv.vg()) != null || !vgView.containsKey(lv.vg())
                    && devicesNobodyHasSeen(lv.vg())) {
                // Nobody can change the VG, and nobody may see it yet: the LV may well exist. Say so now rather
                // than report "nothing to remove" and block it later, once a node has logged in and sees it.
                blocked.add(new Blocked(lv.fullName(), null, Severity.ERROR, "not removed: VG " + lv.vg()
                        + " cannot be changed (see above); whether " + lv.fullName() + " exists is not known yet"));
            }
            return;
        }
        if (!options.allowDestroy()) {
            blocked.add(new Blocked(lv.fullName(), null, Severity.WARNING, "the spec says absent; plan with --allow-destroy "
                    + "to unmount, deactivate everywhere and lvremove it"));
            return;
        }
        String m = metadataNode.get(lv.vg());
        if (m == null) {
            blocked.add(new Blocked(lv.fullName(), null, Severity.ERROR, "not removed: no metadata node for " + lv.vg()));
            return;
        }
        if (!unreachableUnfenced.isEmpty()) {
            blocked.add(new Blocked(lv.fullName(), String.join(",", unreachableUnfenced), Severity.ERROR, "not removed: "
                    + String.join(", ", unreachableUnfenced) + " unreachable and could hold it active"));
            return;
        }
        Map<String, String> unknown = unknownElsewhere(lv.vg(), null);
        if (!unknown.isEmpty()) {
            blocked.add(new Blocked(lv.fullName(), String.join(",", unknown.keySet()), Severity.ERROR, "not removed: "
                    + "it may be active on " + describe(unknown)));
            return;
        }
        ObservedLv meta = existingLvs.get(lv.vg(), lv.name());
        if (heldByNodeOutsideSpec(lv, meta == null ? List.of() : meta.tags())) {
            return;
        }
        List<Step> removal = new ArrayList<>();
        List<String> verify = new ArrayList<>();
        for (NodeView n : activeOnOrNone(lv)) {
            ObservedLv here = n.activeLv(lv.vg(), lv.name());
            List<MountEntry> mounts = n.mountsOf(here);
            boolean owner = n.name().equals(lv.owner());
            if (mounts.isEmpty() && here.open()) {
                blocked.add(new Blocked(lv.fullName(), n.name(), owner ? Severity.ERROR : Severity.CRITICAL, "not removed: "
                        + lv.fullName() + " is open on " + n.name() + " without a mount (a process uses it)"));
                return;
            }
            if (!mounts.isEmpty() && !owner && !options.forceHandover()) {
                blocked.add(new Blocked(lv.fullName(), n.name(), Severity.CRITICAL, "not removed: " + lv.fullName() + " is mounted on "
                        + n.name() + ", which is not its owner; plan with --force-handover to unmount it there"));
                return;
            }
            for (MountEntry mount : mounts) {
                removal.add(new Umount(n.name(), lv.vg(), lv.name(), mount.mountPoint(), "remove " + lv.fullName()));
            }
            removal.add(new Deactivate(n.name(), lv.vg(), lv.name(), "remove " + lv.fullName()));
            if (!n.name().equals(m)) {
                verify.add(n.name());
            }
        }
        steps.addAll(removal);
        for (String n : verify) {
            steps.add(new VerifyInactive(n, lv.vg(), lv.name(), "prove " + lv.fullName() + " is inactive on " + n
                    + " before its extents are freed"));
        }
        drift.add(new Drift(lv.fullName(), null, "present, the spec says absent"));
        steps.add(new LvRemove(m, lv.vg(), lv.name(), "the spec says absent and --allow-destroy was given"));
        metadataChanged(lv.vg(), m);
    }

    /** The reachable nodes where the LV is active or open, in spec order. */
    private List<NodeView> activeOnOrNone(LogicalVolumeSpec lv) {
        List<NodeView> on = activeOn.get(lv.vg(), lv.name());
        return on == null ? List.of() : on;
    }
}
