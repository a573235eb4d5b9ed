package io.lvmops.daemon;

import java.time.Instant;

/**
 * One finished run of a job, as {@code /status} shows it.
 *
 * @param outcome ok, drift (found, not corrected), corrected, applied, apply_failed, error
 * @param message one line for the operator; null when there is nothing to add
 */
public record RunRecord(String job, Instant started, Instant finished, String outcome, String revision,
                        int drift, int blocked, int stepsApplied, String message) {
}
