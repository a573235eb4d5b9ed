package io.lvmops.apply;

import io.lvmops.plan.step.Step;

/**
 * The step that stopped the apply.
 *
 * @param exitCode null when the command never ran to an exit code (node unreachable, timeout, verification)
 */
public record StepFailure(int index, Step step, String commandLine, Integer exitCode, String stderr, String message) {
}
