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

    /**
     * This node for many short commands in a row (an apply's steps), with the contract of {@link #run}: over SSH
     * they share one long-lived shell on one channel ({@link PipelinedShell}) instead of a channel each; by default
     * they simply run through this transport. Closing the returned transport ends only what it holds (the shell),
     * never this transport, which its owner still closes.
     */
    default Transport pipelined() {
        Transport self = this;
        return new Transport() {
            @Override
            public String node() {
                return self.node();
            }

            @Override
            public CommandResult run(Command command) throws TransportException {
                return self.run(command);
            }

            @Override
            public void close() {
                // nothing of its own to end
            }
        };
    }

    @Override
    void close();
}
