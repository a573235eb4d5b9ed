package io.lvmops.chaos;

import java.util.List;
import java.util.Locale;

/**
 * What one campaign run found.
 *
 * @param recordsLost   acknowledged records missing or corrupt on the final owner; -1 when they could not be read
 *                      (a run left blocked may have nothing mounted there)
 * @param applies       applies it took (the faulted one included; for the daemon workload, the daemon's count)
 * @param blockedReason null when converged; else why the run did not converge (the plan's blocked items or error)
 */
record RunResult(Choices choices, String faultNode, String stepHit, List<String> doubleMappings, int recordsAcked,
                 int recordsLost, boolean converged, int applies, String blockedReason, boolean placementRight,
                 double seconds, double secondsToConverge, List<String> notes) {

    /** A run the campaign must treat as a bug: a double mapping, a lost record, a wrong placement, a hang. */
    boolean failed() {
        return !doubleMappings.isEmpty() || recordsLost > 0 || (converged && (recordsLost < 0 || !placementRight))
                || notes.stream().anyMatch(n -> n.startsWith("HANG") || n.startsWith("CRASH"));
    }

    String line() {
        Choices c = choices;
        String outcome = converged ? "converged after " + applies + " appl" + (applies == 1 ? "y" : "ies")
                : "blocked: " + blockedReason;
        return String.format(Locale.ROOT,
                "seed=%d workload=%s/%s fault=%s@%s step=\"%s\" double=%d lost=%s/%d %s%s %.0fs%s",
                c.seed(), c.workload().label(), c.guard().label(), c.fault().label(), faultNode, stepHit,
                doubleMappings.size(), recordsLost < 0 ? "unread" : Integer.toString(recordsLost), recordsAcked,
                outcome, converged && !placementRight ? " PLACEMENT-WRONG" : "", seconds,
                failed() ? "  FAILED" : "");
    }
}
