package io.lvmops.git;

import org.eclipse.jgit.lib.ObjectId;

import java.util.Objects;

/**
 * A resolved revision, named as Flux names it: {@code main@sha1:<40 hex>} for a branch or tag, {@code sha1:<40 hex>}
 * for a bare commit.
 *
 * @param refName short branch or tag name, or null when the user asked for a commit id
 */
public record Revision(String refName, ObjectId commit) {
    public Revision {
        Objects.requireNonNull(commit, "commit");
        refName = refName == null || refName.isBlank() ? null : refName;
    }

    public String sha() {
        return commit.name();
    }

    public String shortSha() {
        return commit.name().substring(0, 12);
    }

    /** Flux-style, full sha: {@code main@sha1:3f2a9c1…}. */
    @Override
    public String toString() {
        return (refName == null ? "" : refName + "@") + "sha1:" + sha();
    }

    /** As {@link #toString()} with a 12-character sha, for file names in error messages. */
    public String shortForm() {
        return (refName == null ? "" : refName + "@") + "sha1:" + shortSha();
    }
}
