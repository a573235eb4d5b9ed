package io.lvmops.transport;

import java.nio.file.Path;

import io.lvmops.apply.lock.LocalProcessStarter;
import org.junit.jupiter.api.io.TempDir;

/** {@link PipelinedShell} on a local {@code sh -s} child process: the shell protocol against a real sh, no SSH. */
class PipelinedShellLocalTest extends PipelinedShellContract {
    @TempDir
    Path temp;

    @Override
    PipelinedShell open() {
        return new PipelinedShell("local", new LocalProcessStarter("local"), Command::timeout);
    }

    @Override
    Path sharedDir() {
        return temp;
    }
}
