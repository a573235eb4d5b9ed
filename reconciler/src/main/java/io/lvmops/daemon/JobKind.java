package io.lvmops.daemon;

import java.util.Locale;

/** The daemon's two Quartz jobs. */
public enum JobKind {
    /** fetch the spec source; on a new revision plan and apply it */
    SYNC,
    /** observe every node and plan against the applied revision; correct the drift in mode correct */
    DRIFT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
