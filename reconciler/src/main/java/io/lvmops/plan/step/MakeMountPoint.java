package io.lvmops.plan.step;

import java.util.List;

public record MakeMountPoint(String node, String path, String reason) implements Step {
    @Override
    public Action action() {
        return Action.CREATE;
    }

    @Override
    public List<String> argv() {
        return List.of("mkdir", "-p", path);
    }
}
