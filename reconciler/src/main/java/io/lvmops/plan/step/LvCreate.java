package io.lvmops.plan.step;

import java.util.List;

/**
 * Creates an LV on the VG's metadata node, active there (LVM zeroes and wipes only an active LV), with autoactivation
 * off and the tags given (the owner tag of the node it is active on), and zeroes its first and last MiB there in the
 * same command ({@link NewLvZeroing}): the range the blank proof of its mkfs reads. If the owner is another node, the plan then
 * hands it over like any other LV: deactivate, verify, move the tag, activate on the owner.
 */
public record LvCreate(String node, String vg, String lv, long sizeBytes, boolean exclusive, List<String> tags,
                       boolean autoactivationOff, String reason) implements Step {
    public LvCreate {
        tags = List.copyOf(tags);
    }

    @Override
    public Action action() {
        return Action.CREATE;
    }

    @Override
    public List<String> argv() {
        return NewLvZeroing.wrap(vg, lv, lvcreate());
    }

    @Override
    public String commandLine() {
        return NewLvZeroing.commandLine(vg, lv, lvcreate());
    }

    private List<String> lvcreate() {
        return LvmCommands.lvcreate(vg, lv, sizeBytes, exclusive, tags, autoactivationOff);
    }
}
