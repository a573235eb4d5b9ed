package io.lvmops.plan.step;

import java.util.List;

/**
 * Waits up to 60 s for a device path to appear after a login (a multipath alias appears seconds after the disk).
 * The script is constant; the path is passed as $1, never interpolated.
 */
public record WaitForDevice(String node, String path, String reason) implements Step {
    @Override
    public Action action() {
        return Action.VERIFY;
    }

    @Override
    public List<String> argv() {
        return List.of("timeout", "60", "sh", "-c", SCRIPT, "lvmops-wait-device", path);
    }

    static final String SCRIPT = "until [ -b \"$1\" ]; do sleep 0.2; done";
}
