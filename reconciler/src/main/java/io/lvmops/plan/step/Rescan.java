package io.lvmops.plan.step;

import java.util.List;

/** Refreshes the node's view of the shared devices before it uses metadata another node changed. */
public record Rescan(String node, String reason) implements Step {
    @Override
    public Action action() {
        return Action.CHANGE;
    }

    @Override
    public List<String> argv() {
        return LvmCommands.pvscanCache();
    }
}
