package io.lvmops.observe;

/** The guard lines of {@code lvmops status}: VG guards, LV owner tags, node enforcement. */
final class GuardText {
    private GuardText() {
    }

    static void append(StringBuilder out, GuardStatus g) {
        if (g.vgs().isEmpty()) {
            return;
        }
        out.append("\nGUARD\n");
        for (GuardStatus.VgGuard vg : g.vgs()) {
            out.append("  vg ").append(vg.vg()).append(": ").append(vg.guard().specName())
                    .append(vg.lockType() == null ? " (not seen)" : vg.lockType().isEmpty() ? "" : " (lock type "
                            + vg.lockType() + ")").append('\n');
        }
        for (GuardStatus.LvTag lv : g.lvs()) {
            boolean tagged = g.vgs().stream().anyMatch(v -> lv.lv().startsWith(v.vg() + "/")
                    && v.guard() == io.lvmops.model.Guard.TAGS);
            out.append(lv.ok() || !tagged ? "  " : "!!").append(lv.lv()).append(" owner tag: ")
                    .append(lv.ownerTags().isEmpty() ? "(none)" : String.join(",", lv.ownerTags())).append('\n');
        }
        if (g.vgs().stream().allMatch(v -> v.guard() == io.lvmops.model.Guard.NONE)) {
            out.append("  (every VG is guard: none: only lvmops' ordering protects them)\n");
            return;
        }
        for (GuardStatus.NodeGuard n : g.nodes()) {
            out.append(n.enforced() || !n.reachable() ? "  " : "!!").append("node ").append(n.node()).append(": ")
                    .append(!n.reachable() ? "unknown (unreachable)" : n.enforced() ? "LVM enforces the guard"
                            : "NOT enforced: " + String.join("; ", n.problems())).append('\n');
        }
    }
}
