package io.lvmops.observe;

import java.util.List;

/** What LVM reported on one node: its PVs (orphans included), VGs and LVs. */
public record LvmReport(List<ObservedPv> pvs, List<ObservedVg> vgs, List<ObservedLv> lvs) {
    public LvmReport {
        pvs = List.copyOf(pvs);
        vgs = List.copyOf(vgs);
        lvs = List.copyOf(lvs);
    }

    /** The VG of that name; throws when absent (for tests and callers that checked). */
    public ObservedVg vg(String name) {
        return vgs.stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no VG " + name + " in the report"));
    }
}
