package io.lvmops.plan.step;

import java.util.List;

/** Makes the session come back at boot. */
public record IscsiStartupAutomatic(String node, String target, String portal, String reason) implements Step {
    @Override
    public Action action() {
        return Action.CHANGE;
    }

    @Override
    public List<String> argv() {
        return List.of("iscsiadm", "-m", "node", "-T", target, "-p", portal, "-o", "update", "-n", "node.startup", "-v", "automatic");
    }
}
