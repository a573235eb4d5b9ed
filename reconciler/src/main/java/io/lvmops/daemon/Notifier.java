package io.lvmops.daemon;

import java.util.Map;

/** Tells operators about what the daemon found: drift, a failed apply, a double activation. */
public interface Notifier extends AutoCloseable {
    String DRIFT_FOUND = "drift_found";
    String APPLY_FAILED = "apply_failed";
    String DOUBLE_ACTIVATION_FOUND = "double_activation_found";

    /** Sends (or queues) one event; never throws, never blocks the run for long. */
    void notify(String event, Map<String, Object> details);

    @Override
    default void close() {
    }

    Notifier NONE = (event, details) -> { };
}
