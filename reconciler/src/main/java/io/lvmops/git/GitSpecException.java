package io.lvmops.git;

/**
 * Getting the spec out of Git failed for a reason that is not the spec's content: the remote cannot be reached, the
 * ref does not exist, the host key is unknown, the commit is not signed as required. The CLI prints the message on
 * one line and exits 1.
 */
public final class GitSpecException extends RuntimeException {
    public GitSpecException(String message) {
        super(message);
    }

    public GitSpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
