package io.lvmops.git;

import io.lvmops.model.Spec;
import io.lvmops.model.load.LoadedSpec;

/**
 * A loaded spec and where it came from: what plan, apply and status print and what {@link AppliedRevisionStore}
 * records.
 *
 * @param source   a stable name of the spec source: the local path, or {@code URL//PATH} for Git
 * @param revision the Git revision ({@code main@sha1:…}), or null for a spec read from the local file system
 */
public record ResolvedSpec(LoadedSpec loaded, String source, String revision) {

    public boolean valid() {
        return loaded.valid();
    }

    public Spec spec() {
        return loaded.spec();
    }

    /** For messages: {@code path}, or {@code URL (main@sha1:…)}. */
    public String describe() {
        return revision == null ? source : source + " (" + revision + ")";
    }
}
