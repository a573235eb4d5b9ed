package io.lvmops.plan.step;

import java.util.List;

/** Creates the iSCSI node record explicitly (SendTargets discovery may return a portal the node cannot reach). */
public record IscsiNodeCreate(String node, String target, String portal, String reason) implements Step {
    @Override
    public Action action() {
        return Action.CREATE;
    }

    @Override
    public List<String> argv() {
        return List.of("iscsiadm", "-m", "node", "-o", "new", "-T", target, "-p", portal);
    }
}
