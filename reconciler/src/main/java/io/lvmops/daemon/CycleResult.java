package io.lvmops.daemon;

import java.util.List;

/**
 * What one run saw and did.
 *
 * @param revision        the spec revision the run planned against (Flux-style for Git, sha256 of the files for a
 *                        path), null when unknown
 * @param newRevision     a sync run found a revision other than the applied one
 * @param drift           differences between the spec and the nodes
 * @param blocked         what the plan refused to do (never forced by the daemon)
 * @param stepsPlanned    steps in the plan
 * @param stepsApplied    steps that ran to success (0 when nothing was applied)
 * @param applyFailure    why the apply stopped, null when it did not fail (or did not run)
 * @param applied         an apply ran to its end (the revision is now the applied one)
 * @param placement       per-LV placement: where each LV is active (status' matrix), empty when not observed
 * @param doubleActive    LVs active on more than one node
 */
public record CycleResult(String revision, boolean newRevision, List<Finding> drift, List<Finding> blocked,
                          int stepsPlanned, int stepsApplied, String applyFailure, boolean applied,
                          List<Placement> placement, List<String> doubleActive) {
    public CycleResult {
        drift = List.copyOf(drift);
        blocked = List.copyOf(blocked);
        placement = List.copyOf(placement);
        doubleActive = List.copyOf(doubleActive);
    }

    /** @param node null when it concerns the whole fleet */
    public record Finding(String subject, String node, String message) {
    }

    /** One LV: its owner and the nodes it is active on. */
    public record Placement(String lv, String owner, List<String> activeOn) {
        public Placement {
            activeOn = List.copyOf(activeOn);
        }
    }

    public boolean applyFailed() {
        return applyFailure != null;
    }

    public static CycleResult nothing(String revision) {
        return new CycleResult(revision, false, List.of(), List.of(), 0, 0, null, false, List.of(), List.of());
    }
}
