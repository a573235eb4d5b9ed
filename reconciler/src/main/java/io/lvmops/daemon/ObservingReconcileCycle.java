package io.lvmops.daemon;

import io.lvmops.model.Spec;
import io.lvmops.observe.FleetObservation;
import io.lvmops.observe.FleetObserver;
import io.lvmops.observe.FleetStatus;
import io.lvmops.transport.TransportFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The observation half of a cycle: fetch the spec, observe every node, and turn the LV × node matrix into drift
 * (an LV active on a non-owner, or on two nodes) and placement. Plan and apply are layered on this by
 * {@link ReconcileCycle} implementations that can change nodes.
 */
public class ObservingReconcileCycle implements ReconcileCycle {
    private final SpecSource source;
    private final TransportFactory transports;
    private final int parallelism;
    private volatile SpecSource.Revision current;

    public ObservingReconcileCycle(SpecSource source, TransportFactory transports, int parallelism) {
        this.source = source;
        this.transports = transports;
        this.parallelism = parallelism;
    }

    protected SpecSource.Revision current() throws Exception {
        if (current == null) {
            current = source.fetch();
        }
        return current;
    }

    @Override
    public CycleResult driftCheck(boolean correct) throws Exception {
        SpecSource.Revision r = current();
        FleetObservation observation = FleetObserver.observeOnce(r.spec(), transports, parallelism);
        return observed(r.revision(), false, r.spec(), observation);
    }

    @Override
    public CycleResult sync(boolean correct) throws Exception {
        SpecSource.Revision fetched = source.fetch();
        boolean changed = current == null || !fetched.revision().equals(current.revision());
        current = fetched;
        // observation only: a new revision is "applied" as soon as it is the one drift is checked against
        return new CycleResult(fetched.revision(), changed, List.of(), List.of(), 0, 0, null, true, List.of(),
                List.of());
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
        return new CycleResult(revision, newRevision, drift, blocked, 0, 0, null, false, placement, doubleActive);
    }
}
