package io.lvmops.daemon;

import io.lvmops.model.Spec;
import io.lvmops.observe.FleetObservation;
import io.lvmops.observe.FleetStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an observation says for the daemon: per-LV placement, LVs active on more than one node, drift (an LV active on
 * a node that is not its owner) and unreachable nodes. Pure: computed from the spec and the observation through
 * {@code status}' LV × node matrix.
 */
final class ObservationFindings {
    private ObservationFindings() {
    }

    static CycleResult observed(String revision, boolean newRevision, Spec spec, FleetObservation observation) {
        FleetStatus status = FleetStatus.of(spec, observation);
        List<CycleResult.Finding> drift = new ArrayList<>();
        List<CycleResult.Placement> placement = new ArrayList<>();
        List<String> doubleActive = new ArrayList<>();
        for (FleetStatus.Row row : status.rows()) {
            List<String> activeOn = row.cells().entrySet().stream().filter(e -> e.getValue().active())
                    .map(Map.Entry::getKey).toList();
            placement.add(new CycleResult.Placement(row.fullName(), row.owner(), activeOn));
            if (row.doubleActive()) {
                doubleActive.add(row.fullName());
            }
            for (String node : row.activeOnNonOwner()) {
                drift.add(new CycleResult.Finding(row.fullName(), node, row.owner() == null
                        ? "active but not declared in the spec" : "active on a node that is not its owner "
                        + row.owner()));
            }
        }
        List<CycleResult.Finding> blocked = new ArrayList<>();
        for (FleetStatus.Column c : status.nodes()) {
            if (!c.reachable()) {
                blocked.add(new CycleResult.Finding("node " + c.node(), c.node(), "unreachable: " + c.error()));
            }
        }
        // a VG whose LVs are unknown on a reachable node blocks like an unreachable node
        for (FleetStatus.Unknown u : status.unknown()) {
            blocked.add(new CycleResult.Finding("vg " + u.vg(), u.node(), "LVs unknown: " + u.reason()));
        }
        return new CycleResult(revision, newRevision, drift, blocked, 0, 0, null, false, placement, doubleActive);
    }
}
