package io.lvmops.transport;

/** The node could not be reached, refused us, or did not answer in time. The message is for the operator. */
public class TransportException extends Exception {
    private final String node;

    public TransportException(String node, String message) {
        super(message);
        this.node = node;
    }

    public TransportException(String node, String message, Throwable cause) {
        super(message, cause);
        this.node = node;
    }

    public String node() {
        return node;
    }
}
