package io.lvmops.apply.lock;

/** The VG lock could not be taken; the message names the holder when it is known. */
public class VgLockException extends Exception {
    private final String holder;

    public VgLockException(String message, String holder) {
        super(message);
        this.holder = holder;
    }

    /** "host=… pid=… started=…" of the apply holding the lock, or null. */
    public String holder() {
        return holder;
    }
}
