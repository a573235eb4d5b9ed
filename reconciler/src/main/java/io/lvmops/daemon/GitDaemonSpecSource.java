package io.lvmops.daemon;

import io.lvmops.git.GitCredentials;
import io.lvmops.git.GitSpecSource;
import io.lvmops.git.ResolvedSpec;
import io.lvmops.model.load.SpecError;

import java.io.IOException;
import java.util.stream.Collectors;

/** The spec from Git through the CLI's {@link GitSpecSource}: fetched incrementally, revision {@code main@sha1:…}. */
public final class GitDaemonSpecSource implements SpecSource, AutoCloseable {
    private final GitSpecSource git;
    private final String ref;
    private final String path;

    public GitDaemonSpecSource(DaemonConfig.GitSource config, GitCredentials credentials) {
        this.git = new GitSpecSource(config.url(), GitSpecSource.defaultCacheRoot(System.getenv()), credentials);
        this.ref = config.ref();
        this.path = config.path();
    }

    @Override
    public synchronized Revision fetch() throws IOException {
        ResolvedSpec resolved = git.fetchAndLoad(ref, path);
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
