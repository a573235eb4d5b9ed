package io.lvmops.plan;

/**
 * Something the spec asks for that the plan will not do, and why.
 *
 * @param subject what is blocked, e.g. {@code vg0/lv01} or {@code device lun-a}
 * @param node    the node concerned, or null
 */
public record Blocked(String subject, String node, Severity severity, String reason) {
}
