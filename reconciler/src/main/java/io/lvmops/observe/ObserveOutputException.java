package io.lvmops.observe;

/** A node's observation output cannot be trusted: truncated, garbled, or not what lvmops asked for. */
public class ObserveOutputException extends Exception {
    public ObserveOutputException(String message) {
        super(message);
    }
}
