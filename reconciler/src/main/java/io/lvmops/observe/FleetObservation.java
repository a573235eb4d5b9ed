package io.lvmops.observe;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What every node of the spec showed at one moment. Written by {@code lvmops observe --out} as versioned JSON and
 * read back by {@code plan --observed}.
 *
 * @param nodes one entry per spec node, in spec order, reachable or not
 */
public record FleetObservation(int formatVersion, Instant observedAt, List<NodeObservation> nodes) {
    public static final int FORMAT_VERSION = 1;

    public FleetObservation {
        nodes = List.copyOf(nodes);
    }

    public static FleetObservation of(Instant at, List<NodeObservation> nodes) {
        return new FleetObservation(FORMAT_VERSION, at, nodes);
    }

    public Optional<NodeObservation> node(String name) {
        return nodes.stream().filter(n -> n.node().equals(name)).findFirst();
    }
}
