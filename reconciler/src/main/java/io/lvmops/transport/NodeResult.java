package io.lvmops.transport;

import java.time.Duration;

import io.lvmops.model.NodeSpec;

/**
 * What a {@link NodeTask} gave on one node: a value, or the failure that stopped it. A {@link TransportException}
 * means the node was not reached (its state is unknown, never "empty").
 */
public record NodeResult<T>(NodeSpec node, T value, Exception failure, Duration elapsed) {
    public NodeResult {
        if ((value == null) == (failure == null)) {
            throw new IllegalArgumentException("a node result has either a value or a failure");
        }
    }

    public static <T> NodeResult<T> success(NodeSpec node, T value, Duration elapsed) {
        return new NodeResult<>(node, value, null, elapsed);
    }

    public static <T> NodeResult<T> failure(NodeSpec node, Exception failure, Duration elapsed) {
        return new NodeResult<>(node, null, failure, elapsed);
    }

    public boolean ok() {
        return failure == null;
    }

    /** The node could not be reached or did not answer in time. */
    public boolean unreachable() {
        return failure instanceof TransportException;
    }
}
