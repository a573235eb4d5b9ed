package io.lvmops.apply;

import io.lvmops.plan.step.Step;

import java.time.Duration;

/** A step that ran to success, and how long it took. */
public record StepOutcome(int index, Step step, Duration duration) {
}
