package io.lvmops.transport;

/**
 * Starts a long-running program on a node. A small extension of the transport contract for the VG lock: an SSH
 * transport implements it with an exec channel kept open (the lock lives exactly as long as the channel), the local
 * implementation with a child process.
 */
@FunctionalInterface
public interface CommandStarter {
    RunningCommand start(Command command) throws TransportException;
}
