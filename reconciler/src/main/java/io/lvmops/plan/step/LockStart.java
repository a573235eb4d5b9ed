package io.lvmops.plan.step;

import java.util.List;

/** Joins a shared VG's lockspace on a node ({@code vgchange --lockstart}, waits until ready: ~25 s on the lab). */
public record LockStart(String node, String vg, String reason) implements Step {
    @Override
    public Action action() {
        return Action.CHANGE;
    }

    @Override
    public List<String> argv() {
        return LvmCommands.lockStart(vg);
    }

    @Override
    public java.time.Duration timeout() {
        return java.time.Duration.ofMinutes(5);
    }
}
