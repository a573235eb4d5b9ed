package io.lvmops.plan.step;

import java.util.List;

/**
 * pvcreate on a device that showed no signature when planned; the node proves it blank immediately before
 * ({@link BlankProof}), or the step fails and nothing is written.
 */
public record PvCreate(String node, String device, String reason) implements Step {
    @Override
    public Action action() {
        return Action.CREATE;
    }

    @Override
    public List<String> argv() {
        return BlankProof.guard(List.of(device), LvmCommands.pvcreate(device));
    }

    @Override
    public String commandLine() {
        return BlankProof.commandLine(List.of(device), LvmCommands.pvcreate(device));
    }
}
