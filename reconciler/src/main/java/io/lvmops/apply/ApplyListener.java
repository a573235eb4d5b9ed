package io.lvmops.apply;

import io.lvmops.plan.step.Step;

import java.time.Duration;

/** Told about each step as it runs; the CLI prints, the daemon logs and counts. */
public interface ApplyListener {
    void started(int index, int total, Step step);

    void succeeded(int index, int total, Step step, Duration duration);

    void failed(StepFailure failure, Duration duration);

    ApplyListener SILENT = new ApplyListener() {
        @Override
        public void started(int index, int total, Step step) {
        }

        @Override
        public void succeeded(int index, int total, Step step, Duration duration) {
        }

        @Override
        public void failed(StepFailure failure, Duration duration) {
        }
    };
}
