package io.lvmops.apply.lock;

import io.lvmops.transport.Command;
import io.lvmops.transport.TransportException;

/**
 * Starts a long-running program on a node. A small extension of the transport contract for the VG lock: an SSH
 * transport implements it with an exec channel kept open (pending on feat/transport; see the report), the local
 * implementation with a child process.
 */
@FunctionalInterface
public interface CommandStarter {
    RunningCommand start(Command command) throws TransportException;
}
