package io.lvmops.plan.step;

import java.util.List;

/**
 * A path is not an identity, and a device nobody had seen when the plan was made could not be compared then: right
 * before the first write to it, re-observes every node listed (one round trip each, after their logins) and fails
 * unless each of them sees the device, all see the same disk under its path (identity, size, content, PV and VG
 * UUIDs, the spec's wwid: the planner's own check) and none sees a signature on it.
 *
 * @param node   the node that will write (the VG's metadata node)
 * @param device the spec device's path
 * @param nodes  every reachable, unfenced node whose view must agree, in spec order
 */
public record VerifySameDevice(String node, String device, List<String> nodes, String reason) implements Step {
    public VerifySameDevice {
        nodes = List.copyOf(nodes);
    }

    @Override
    public Action action() {
        return Action.VERIFY;
    }

    @Override
    public List<String> argv() {
        return List.of();
    }

    @Override
    public String commandLine() {
        return "(re-observe " + String.join(", ", nodes) + ") verify every node sees the same blank disk at " + device;
    }
}
