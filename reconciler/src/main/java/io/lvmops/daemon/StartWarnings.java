package io.lvmops.daemon;

import java.util.List;

/**
 * A configuration the daemon runs with but that weakens what it promises: logged (WARN) at start and listed under
 * {@code warnings} in {@code /status}, so that it is seen without reading the configuration file.
 */
final class StartWarnings {
    private StartWarnings() {
    }

    static List<String> of(DaemonConfig config) {
        if (config.mode() == Mode.CORRECT && config.spec() instanceof DaemonConfig.GitSource git
                && git.requireSignedBy() == null) {
            // Whoever can push to the branch then decides what is applied to the storage, unchecked.
            return List.of("mode correct applies whatever is pushed to " + git.url() + " (ref " + git.ref()
                    + ") without checking who committed it; set " + GitDaemonSpecSource.REQUIRE_SIGNED_BY
                    + " to a keyring of the keys allowed to change the storage");
        }
        return List.of();
    }
}
