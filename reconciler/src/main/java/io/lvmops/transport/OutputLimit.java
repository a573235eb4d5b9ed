package io.lvmops.transport;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

/**
 * The most a node may print for one command on one stream. lvmops' own commands print kilobytes (a full LVM report
 * of a large VG a few megabytes); a node that prints more is broken or hostile, and buffering it all would let it run
 * the CLI or the daemon out of memory. Past the limit the command's channel (or shell) is closed and the command
 * fails: its outcome is unknown.
 */
public final class OutputLimit {
    /** 16 MiB per stream. */
    public static final int MAX_BYTES = 16 << 20;

    private OutputLimit() {
    }

    static String message(String program, String node) {
        return program + " on " + node + " printed more than " + (MAX_BYTES >> 20) + " MiB; its channel was closed"
                + " (the command's outcome is unknown)";
    }

    /** A buffer that keeps at most {@link #MAX_BYTES} and drops the rest, remembering that it did. */
    static final class Capped extends OutputStream {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final Runnable onOverflow;
        private volatile boolean overflowed;

        Capped(Runnable onOverflow) {
            this.onOverflow = onOverflow;
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            if (overflowed) {
                return;
            }
            if (buffer.size() + length > MAX_BYTES) {
                overflowed = true;
                onOverflow.run();
                return;
            }
            buffer.write(bytes, offset, length);
        }

        boolean overflowed() {
            return overflowed;
        }

        synchronized String text() {
            return buffer.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
