package io.lvmops.daemon;

/**
 * One reconcile run, as the scheduled jobs see it. The real implementation observes, plans and applies
 * ({@link PlanningReconcileCycle}); tests and the HA test use small observable ones. Implementations throw on a
 * failure that should make the job back off (spec source unreachable, an apply that failed is a result, not a throw).
 */
public interface ReconcileCycle {

    /**
     * Observe and plan against the last applied revision.
     *
     * @param correct apply the plan (mode correct and not suspended); false only reports
     */
    CycleResult driftCheck(boolean correct) throws Exception;

    /** Fetch the spec source; on a new revision plan it, and apply it when {@code correct}. */
    CycleResult sync(boolean correct) throws Exception;

    /**
     * Asks a running cycle to stop safely between two steps (SIGTERM). Returns at once; the running call returns
     * when the current step has finished.
     */
    default void requestStop() {
    }
}
