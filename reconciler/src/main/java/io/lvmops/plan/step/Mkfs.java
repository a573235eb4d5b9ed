package io.lvmops.plan.step;

import io.lvmops.model.FsType;

import java.util.List;

/**
 * Makes a filesystem on an LV that this apply created, or that the operator named with --allow-format; never forced.
 * The node proves the LV blank immediately before ({@link BlankProof}), or the step fails and nothing is written.
 */
public record Mkfs(String node, String vg, String lv, FsType fsType, String reason) implements Step {
    @Override
    public Action action() {
        return Action.CREATE;
    }

    @Override
    public List<String> argv() {
        return BlankProof.guard(List.of(device()), command());
    }

    @Override
    public String commandLine() {
        return BlankProof.commandLine(List.of(device()), command());
    }

    private String device() {
        return LvmCommands.lvPath(vg, lv);
    }

    private List<String> command() {
        return switch (fsType) {
            case EXT4 -> List.of("mkfs.ext4", "-q", device());
            case XFS -> List.of("mkfs.xfs", "-q", device());
        };
    }
}
