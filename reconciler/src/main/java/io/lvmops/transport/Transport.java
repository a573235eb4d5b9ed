package io.lvmops.transport;

/**
 * Runs programs on one node. One instance per node for a whole run (an SSH transport keeps its connection open).
 * Implementations must be safe to call from one thread at a time; different nodes' transports run in parallel.
 */
public interface Transport extends AutoCloseable {

    /** The spec name of the node this transport reaches. */
    String node();

    /**
     * Runs the command and returns its result whatever its exit code.
     *
     * @throws TransportException when the node could not be reached or the command timed out; the node's state is
     *                            then unknown, never "nothing there"
     */
    CommandResult run(Command command) throws TransportException;

    @Override
    void close();
}
