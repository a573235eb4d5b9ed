package io.lvmops.daemon;

import io.lvmops.git.CommitSignatures;
import io.lvmops.git.GitCredentials;
import io.lvmops.git.GitSpecSource;
import io.lvmops.git.ResolvedSpec;
import io.lvmops.model.load.SpecError;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * The spec from Git through the CLI's {@link GitSpecSource}: fetched incrementally, revision {@code main@sha1:…}.
 * With {@code spec.git.requireSignedBy} a revision whose commit is not signed by a key of that keyring is refused
 * before it is read, exactly as the CLI's {@code --require-signed-by}: the run fails naming why, and the daemon
 * keeps the last revision it accepted.
 */
public final class GitDaemonSpecSource implements SpecSource, AutoCloseable {
    static final String REQUIRE_SIGNED_BY = "spec.git.requireSignedBy";

    private final GitSpecSource git;
    private final String ref;
    private final String path;
    private final Path requireSignedBy;

    public GitDaemonSpecSource(DaemonConfig.GitSource config, GitCredentials credentials) {
        this(config, credentials, GitSpecSource.defaultCacheRoot(System.getenv()));
    }

    GitDaemonSpecSource(DaemonConfig.GitSource config, GitCredentials credentials, Path cacheRoot) {
        this.git = new GitSpecSource(config.url(), cacheRoot, credentials);
        this.ref = config.ref();
        this.path = config.path();
        this.requireSignedBy = config.requireSignedBy();
    }

    @Override
    public synchronized Revision fetch() throws IOException {
        git.fetch();
        io.lvmops.git.Revision revision = git.resolve(ref);
        if (requireSignedBy != null) {
            CommitSignatures.requireSignedBy(git.repository(), revision, requireSignedBy, REQUIRE_SIGNED_BY);
        }
        ResolvedSpec resolved = git.load(revision, path);
        if (!resolved.valid()) {
            throw new IOException("the spec " + resolved.describe() + " is invalid: " + resolved.loaded().errors()
                    .stream().map(SpecError::toString).collect(Collectors.joining("; ")));
        }
        return new Revision(resolved.revision(), resolved.spec());
    }

    @Override
    public void close() {
        git.close();
    }
}
