package io.lvmops.plan.step;

import java.util.List;

/** pvcreate on a device known (or just verified) to carry no signature at all. */
public record PvCreate(String node, String device, String reason) implements Step {
    @Override
    public Action action() {
        return Action.CREATE;
    }

    @Override
    public List<String> argv() {
        return LvmCommands.pvcreate(device);
    }
}
