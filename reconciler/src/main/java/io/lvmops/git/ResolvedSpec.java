package io.lvmops.git;

import io.lvmops.model.Spec;
import io.lvmops.model.load.LoadedSpec;

/**
 * A loaded spec and where it came from: what plan, apply and status print and what {@link AppliedRevisionStore}
 * records.
 *
 * @param source   a stable name of the spec source: the local path, or {@code URL//PATH} for Git
 * @param revision the Git revision ({@code main@sha1:…}); for a spec read from the local file system a digest of its
 *                 files ({@code sha256:<16 hex>}), or null when it could not be read
 */
public record ResolvedSpec(LoadedSpec loaded, String source, String revision) {

    public boolean valid() {
        return loaded.valid();
    }

    public Spec spec() {
        return loaded.spec();
    }

    /** Whether the spec was read from a Git commit (its revision names a {@code sha1:} commit). */
    public boolean fromGit() {
        return revision != null && revision.contains("sha1:");
    }

    /** For messages: {@code path}, or {@code URL (main@sha1:…)}. */
    public String describe() {
        return fromGit() ? source + " (" + revision + ")" : source;
    }
}
