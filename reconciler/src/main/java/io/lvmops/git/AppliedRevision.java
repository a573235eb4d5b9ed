package io.lvmops.git;

import java.time.Instant;
import java.util.Objects;

/**
 * The last revision of a spec source that apply (or the daemon) applied on the machine running lvmops.
 *
 * @param revision {@code main@sha1:…}; null for a spec applied from local files
 */
public record AppliedRevision(String source, String revision, Instant appliedAt) {
    public AppliedRevision {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(appliedAt, "appliedAt");
    }
}
