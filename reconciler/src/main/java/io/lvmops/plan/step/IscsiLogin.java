package io.lvmops.plan.step;

import java.util.List;

/** Logs the node in to the target: the LUN appears as a local disk. */
public record IscsiLogin(String node, String target, String portal, String reason) implements Step {
    @Override
    public Action action() {
        return Action.CREATE;
    }

    @Override
    public List<String> argv() {
        return List.of("iscsiadm", "-m", "node", "-T", target, "-p", portal, "--login");
    }
}
