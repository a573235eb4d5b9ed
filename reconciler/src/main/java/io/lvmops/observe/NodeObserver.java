package io.lvmops.observe;

import io.lvmops.model.NodeSpec;
import io.lvmops.model.Spec;
import io.lvmops.transport.Transport;

/**
 * Gathers everything lvmops needs to know about one node in exactly one round trip (one exec). The planner's only
 * input besides the spec; apply calls it again to verify a deactivation before it activates anywhere else.
 */
@FunctionalInterface
public interface NodeObserver {

    /**
     * Never throws for an unreachable node or unparseable output: such a node comes back with
     * {@code reachable == false} and the reason, so that nobody mistakes it for a node with nothing active.
     */
    NodeObservation observe(Spec spec, NodeSpec node, Transport transport);
}
