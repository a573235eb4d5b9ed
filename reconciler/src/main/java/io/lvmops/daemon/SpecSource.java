package io.lvmops.daemon;

import io.lvmops.model.Spec;

/** Where the daemon gets its spec from, and which revision it is. */
public interface SpecSource {

    /** The spec and its revision. */
    record Revision(String revision, Spec spec) {
    }

    /** Fetches (Git) or re-reads (a path) the spec; throws with a clear message when it is unreachable or invalid. */
    Revision fetch() throws Exception;
}
