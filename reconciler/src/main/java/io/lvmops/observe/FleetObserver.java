package io.lvmops.observe;

import io.lvmops.model.NodeSpec;
import io.lvmops.model.Spec;
import io.lvmops.transport.FleetExecutor;
import io.lvmops.transport.NodeResult;
import io.lvmops.transport.TransportFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Observes every node of the spec in parallel through a {@link FleetExecutor} (bounded pool, one connection per
 * node kept for the rest of the run) and returns the fleet in spec order. A node that cannot be reached, or whose
 * observation failed in any way, is in the result as unreachable with its reason, never left out.
 */
public final class FleetObserver {
    private final FleetExecutor executor;
    private final NodeObserver observer;
    private final Clock clock;

    public FleetObserver(FleetExecutor executor, NodeObserver observer, Clock clock) {
        this.executor = executor;
        this.observer = observer;
        this.clock = clock;
    }

    public FleetObserver(FleetExecutor executor) {
        this(executor, new LvmNodeObserver(), Clock.systemUTC());
    }

    /** A one-off observation with its own executor, closed (connections and all) before returning. */
    public static FleetObservation observeOnce(Spec spec, TransportFactory transports, int parallelism) {
        try (FleetExecutor executor = new FleetExecutor(transports, parallelism)) {
            return new FleetObserver(executor).observe(spec);
        }
    }

    public FleetObservation observe(Spec spec) {
        var at = clock.instant();
        List<NodeResult<NodeObservation>> results =
                executor.onEachNode(spec.nodes(), transport -> observer.observe(spec, nodeNamed(spec, transport.node()),
                        transport));
        List<NodeObservation> nodes = new ArrayList<>(results.size());
        for (NodeResult<NodeObservation> r : results) {
            nodes.add(r.ok() ? r.value() : NodeObservation.unreachable(r.node().name(), reason(r)));
        }
        return FleetObservation.of(at, nodes);
    }

    private static NodeSpec nodeNamed(Spec spec, String name) {
        return spec.node(name).orElseThrow(() -> new IllegalStateException("transport for unknown node " + name));
    }

    private static String reason(NodeResult<?> r) {
        String message = r.failure().getMessage();
        if (r.unreachable() && message != null) {
            return message;
        }
        // a bug in lvmops, not the node's fault: the words, not the Java class, reach the operator
        return "observation failed: " + (message != null ? message : "internal error ("
                + r.failure().getClass().getSimpleName().replaceAll("(Exception|Error)$", "") + ")");
    }
}
