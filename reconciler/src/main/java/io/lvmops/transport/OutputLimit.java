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
    /** 16 MiB per stream: the most any command may print (an observation's full LVM report). */
    public static final int MAX_BYTES = 16 << 20;
    /** 1 MiB per stream: the most a step of a plan may print (lvcreate, mkfs, a config write print lines). */
    public static final int STEP_BYTES = 1 << 20;

    private OutputLimit() {
    }

    static String message(String program, String node, int limit) {
        return program + " on " + node + " printed more than " + describe(limit) + "; its channel was closed"
                + " (the command's outcome is unknown)";
    }

    static String describe(int limit) {
        return limit % (1 << 20) == 0 ? (limit >> 20) + " MiB" : limit + " bytes";
    }

    /** A buffer that keeps at most its limit and drops the rest, remembering that it did. */
    static final class Capped extends OutputStream {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final int limit;
        private final Runnable onOverflow;
        private volatile boolean overflowed;

        Capped(int limit, Runnable onOverflow) {
            this.limit = limit;
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
            if (buffer.size() + length > limit) {
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
