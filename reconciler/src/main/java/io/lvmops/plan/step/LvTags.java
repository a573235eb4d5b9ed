package io.lvmops.plan.step;

import java.util.List;

/** Moves owner tags: a metadata change, so it runs on the VG's metadata node. */
public record LvTags(String node, String vg, String lv, List<String> add, List<String> delete, String reason)
        implements Step {
    public LvTags {
        add = List.copyOf(add);
        delete = List.copyOf(delete);
    }

    @Override
    public Action action() {
        return Action.CHANGE;
    }

    @Override
    public List<String> argv() {
        return LvmCommands.changeTags(vg, lv, add, delete);
    }
}
