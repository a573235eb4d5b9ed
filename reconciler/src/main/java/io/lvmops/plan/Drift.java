package io.lvmops.plan;

/**
 * A difference between the spec and what a node showed. Most drift is repaired by the plan's steps; the rest is
 * reported for the operator.
 *
 * @param node null when it concerns the whole fleet
 */
public record Drift(String subject, String node, String message) {
}
