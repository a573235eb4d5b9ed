package io.lvmops.plan.step;

import io.lvmops.transport.CommandResult;

import java.util.List;

/**
 * Proves a device carries no signature before pvcreate, when nobody could probe it at plan time (no node was logged
 * in yet). {@code blkid -p} exits 2 when it finds nothing, 0 when it finds a signature: only 2 lets the apply go on.
 */
public record VerifyBlank(String node, String device, String reason) implements Step {
    @Override
    public Action action() {
        return Action.VERIFY;
    }

    @Override
    public List<String> argv() {
        return List.of("blkid", "-p", device);
    }

    @Override
    public boolean succeeded(CommandResult result) {
        return result.exitCode() == 2;
    }
}
