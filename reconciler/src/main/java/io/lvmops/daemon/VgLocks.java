package io.lvmops.daemon;

import io.lvmops.apply.lock.CommandStarter;
import io.lvmops.apply.lock.FlockVgLock;
import io.lvmops.model.NodeSpec;
import io.lvmops.model.Spec;
import io.lvmops.model.VolumeGroupSpec;
import io.lvmops.observe.FleetObservation;
import io.lvmops.observe.NodeObservation;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/** The per-VG locks an apply takes (the same {@link FlockVgLock} as the CLI's apply), released together. */
@FunctionalInterface
public interface VgLocks {

    /** Takes the lock of every VG of the spec, in name order (so that two appliers cannot deadlock). */
    AutoCloseable acquire(Spec spec, FleetObservation observation) throws Exception;

    /** No node-side lock (only the daemon's own run lock): for tests, and until SSH can hold a lock channel open. */
    VgLocks NONE = (spec, observation) -> () -> { };

    /**
     * {@link FlockVgLock} on each VG's metadata node: the one the spec names, else the first reachable node in spec
     * order (where the planner runs its metadata commands).
     */
    static VgLocks flock(Function<NodeSpec, CommandStarter> starters, String holderInfo, Duration timeout) {
        return (spec, observation) -> {
            Deque<AutoCloseable> held = new ArrayDeque<>();
            try {
                for (VolumeGroupSpec vg : spec.volumeGroups().stream()
                        .sorted(Comparator.comparing(VolumeGroupSpec::name)).toList()) {
                    NodeSpec node = metadataNode(spec, vg, observation);
                    held.push(new FlockVgLock(starters.apply(node), FlockVgLock.DEFAULT_DIR, holderInfo)
                            .acquire(vg.name(), timeout));
                }
            } catch (Exception e) {
                closeAll(held);
                throw e;
            }
            return () -> closeAll(held);
        };
    }

    private static NodeSpec metadataNode(Spec spec, VolumeGroupSpec vg, FleetObservation observation) {
        if (vg.metadataNode() != null) {
            return spec.node(vg.metadataNode()).orElseThrow();
        }
        List<NodeSpec> nodes = spec.nodes();
        return nodes.stream().filter(n -> observation.node(n.name()).map(NodeObservation::reachable).orElse(false))
                .findFirst().orElse(nodes.get(0));
    }

    private static void closeAll(Deque<AutoCloseable> held) {
        while (!held.isEmpty()) {
            try {
                held.pop().close();
            } catch (Exception ignored) {
                // closing the lock channel releases the lock on the node whatever happens here
            }
        }
    }
}
