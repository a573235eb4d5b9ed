package io.lvmops.cli;

import io.lvmops.git.AppliedRevisionStore;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code --state-dir DIR}: where apply records (and status reads) the last applied revision of each spec source, on
 * the machine running lvmops. Mix in with {@code @Mixin StateDirOption state;}.
 */
public final class StateDirOption {

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where the last applied revision of each spec is recorded (" + AppliedRevisionStore.FILE_NAME
                    + " in DIR; default: ${XDG_STATE_HOME:-~/.local/state}/lvmops).")
    Path stateDir;

    public AppliedRevisionStore store() {
        return new AppliedRevisionStore(stateDir != null ? stateDir
                : AppliedRevisionStore.defaultStateDir(System.getenv()));
    }
}
