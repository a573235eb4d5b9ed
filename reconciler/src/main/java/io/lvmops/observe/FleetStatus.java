package io.lvmops.observe;

import io.lvmops.model.LogicalVolumeSpec;
import io.lvmops.model.Size;
import io.lvmops.model.Spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The LV × node matrix of {@code lvmops status}: one row per LV of the spec (then any LV the nodes show in a VG of
 * the spec that the spec does not declare), one cell per node. Pure: computed from the spec and an observation.
 *
 * @param nodes    the columns, in spec order
 * @param rows     the LVs
 * @param problems one line per LV active on more than one node or on a node that is not its owner, and per
 *                 unreachable node
 */
public record FleetStatus(List<Column> nodes, List<Row> rows, List<String> problems, GuardStatus guard,
                          List<Unknown> unknown) {

    /** A VG whose LVs are unknown on a reachable node (its device-mapper or LVM cannot tell), and why. */
    public record Unknown(String vg, String node, String reason) {
    }

    /** A node column; {@code error} is why it could not be observed, null when reachable. */
    public record Column(String node, boolean reachable, String error) {
    }

    /** What one node shows of one LV. */
    public enum State {
        /** the node is unreachable */
        UNKNOWN,
        /** the node is reachable but its device-mapper or LVM cannot tell about the LV's VG (see NodeUsage) */
        BLIND,
        /** the node does not see the LV */
        MISSING,
        INACTIVE,
        /** LVM could not tell (lv_attr state 'X'): counted as active */
        POSSIBLY_ACTIVE,
        ACTIVE,
        /** active and open (mounted, or held by a process) */
        OPEN
    }

    public record Cell(State state, List<String> mountPoints) {
        public Cell {
            mountPoints = List.copyOf(mountPoints);
        }

        public boolean active() {
            return state == State.ACTIVE || state == State.OPEN || state == State.POSSIBLY_ACTIVE;
        }
    }

    /**
     * @param owner        the spec's owner node, null for an LV the spec does not declare
     * @param sizeBytes    the spec's size, or the observed size of an undeclared LV
     * @param cells        node name to cell, in column order
     * @param doubleActive active on more than one node
     * @param activeOnNonOwner the nodes other than the owner on which it is active
     */
    public record Row(String vg, String lv, long sizeBytes, String owner, Map<String, Cell> cells,
                      boolean doubleActive, List<String> activeOnNonOwner) {
        public Row {
            cells = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cells));
            activeOnNonOwner = List.copyOf(activeOnNonOwner);
        }

        public String fullName() {
            return vg + "/" + lv;
        }

        public boolean flagged() {
            return doubleActive || !activeOnNonOwner.isEmpty();
        }
    }

    /** Without the guard part. */
    public FleetStatus(List<Column> nodes, List<Row> rows, List<String> problems) {
        this(nodes, rows, problems, null, List.of());
    }

    public FleetStatus {
        unknown = List.copyOf(unknown == null ? List.of() : unknown);
        nodes = List.copyOf(nodes);
        rows = List.copyOf(rows);
        problems = List.copyOf(problems);
    }

    /** Whether status must exit non-zero: a flagged LV, a node whose state is unknown, a device not the same everywhere. */
    public boolean healthy() {
        return problems.isEmpty();
    }

    public static FleetStatus of(Spec spec, FleetObservation observation) {
        List<Column> columns = new ArrayList<>();
        List<NodeObservation> observed = new ArrayList<>();
        for (var node : spec.nodes()) {
            NodeObservation n = observation.node(node.name())
                    .orElse(NodeObservation.unreachable(node.name(), "not in the observation"));
            observed.add(n);
            columns.add(new Column(node.name(), n.reachable(), n.reachable() ? null : n.error()));
        }
        // the one rule of what a node uses (device-mapper and mounts first), as the planner applies it
        Set<String> specVgs = spec.volumeGroups().stream().map(v -> v.name())
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        LvIdentities identities = LvIdentities.of(spec, observed);
        List<NodeUsage> usage = observed.stream().map(n -> NodeUsage.of(n, specVgs, identities)).toList();
        List<Row> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (LogicalVolumeSpec lv : spec.logicalVolumes()) {
            rows.add(row(lv.vg(), lv.name(), lv.size().bytes(), lv.owner(), observed, usage));
        }
        Set<String> declared = spec.logicalVolumes().stream().map(LogicalVolumeSpec::fullName)
                .collect(Collectors.toSet());
        Map<String, Long> undeclared = new LinkedHashMap<>();
        for (NodeObservation n : observed) {
            for (ObservedLv lv : n.lvs()) {
                if (specVgs.contains(lv.vg()) && !declared.contains(lv.fullName())) {
                    undeclared.putIfAbsent(lv.fullName(), lv.sizeBytes());
                }
            }
        }
        // an LV that only device-mapper or a mount shows (its node's LVM blind to it) is a row too
        for (NodeUsage u : usage) {
            for (NodeUsage.LvUse use : u.inUse()) {
                if (specVgs.contains(use.vg()) && !declared.contains(use.fullName())) {
                    undeclared.putIfAbsent(use.fullName(), use.lvm() == null ? 0L : use.lvm().sizeBytes());
                }
            }
        }
        undeclared.forEach((name, size) -> {
            String[] p = name.split("/", 2);
            rows.add(row(p[0], p[1], size, null, observed, usage));
        });
        for (Row r : rows) {
            List<String> activeOn = r.cells().entrySet().stream().filter(e -> e.getValue().active())
                    .map(Map.Entry::getKey).toList();
            if (r.doubleActive()) {
                problems.add(r.fullName() + " is active on " + activeOn.size() + " nodes: "
                        + String.join(", ", activeOn));
            }
            if (!r.activeOnNonOwner().isEmpty()) {
                problems.add(r.fullName() + " is active on " + String.join(", ", r.activeOnNonOwner())
                        + (r.owner() == null ? " but the spec does not declare it" : ", not its owner " + r.owner()));
            }
        }
        for (Column c : columns) {
            if (!c.reachable()) {
                problems.add(c.node() + " is unreachable, its LVs are unknown: " + c.error());
            }
        }
        List<Unknown> unknown = new ArrayList<>();
        for (int i = 0; i < observed.size(); i++) {
            String node = observed.get(i).node();
            if (observed.get(i).reachable()) {
                usage.get(i).unknownVgs().forEach((vg, why) -> {
                    unknown.add(new Unknown(vg, node, why));
                    problems.add(vg + "'s LVs are unknown on " + node + ": " + why);
                });
            }
        }
        // a path is not an identity: the nodes must see the same device (and VG) under each name
        for (DeviceIdentityCheck.Problem p : DeviceIdentityCheck.check(spec, observed)) {
            problems.add(p.subject() + ": " + p.message());
        }
        GuardStatus guard = GuardStatus.of(spec, observed);
        problems.addAll(guard.problems());
        return new FleetStatus(columns, rows, problems, guard, unknown);
    }

    private static Row row(String vg, String lv, long size, String owner, List<NodeObservation> observed,
                           List<NodeUsage> usage) {
        Map<String, Cell> cells = new LinkedHashMap<>();
        List<String> nonOwner = new ArrayList<>();
        int active = 0;
        for (int i = 0; i < observed.size(); i++) {
            NodeObservation n = observed.get(i);
            Cell cell = cell(n, usage.get(i), vg, lv);
            cells.put(n.node(), cell);
            if (cell.active()) {
                active++;
                if (!n.node().equals(owner)) {
                    nonOwner.add(n.node());
                }
            }
        }
        return new Row(vg, lv, size, owner, cells, active > 1, nonOwner);
    }

    private static Cell cell(NodeObservation n, NodeUsage usage, String vg, String lv) {
        if (!n.reachable()) {
            return new Cell(State.UNKNOWN, List.of());
        }
        NodeUsage.LvUse use = usage.lv(vg, lv);
        if (use != null) {
            List<String> mounts = use.mounts().stream().map(MountEntry::mountPoint).toList();
            State s = !use.mapped() && use.mounts().isEmpty() && use.lvm() != null && use.lvm().attr().state() == 'X'
                    ? State.POSSIBLY_ACTIVE : use.open() ? State.OPEN : State.ACTIVE;
            return new Cell(s, mounts);
        }
        if (usage.unknown(vg) != null) {
            return new Cell(State.BLIND, List.of());
        }
        return n.lv(vg, lv).map(o -> new Cell(State.INACTIVE, List.of())).orElse(new Cell(State.MISSING, List.of()));
    }

    /** A size as the spec writes it (1G, 512M); for display. */
    static String size(long bytes) {
        // a node may report 0 or, garbled, a negative size for an LV the spec does not declare: shown, not a crash
        return bytes > 0 ? Size.ofBytes(bytes).human() : bytes + " bytes?";
    }
}
