package io.lvmops.observe;

/** An LVM report that cannot be read: the node's LVM state is then unknown. */
public class LvmReportException extends Exception {
    public LvmReportException(String message) {
        super(message);
    }

    public LvmReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
