package io.lvmops.transport;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One output stream (stdout or stderr) of a {@link PipelinedShell}, cut into the frames of its commands: the bytes
 * between a {@link ShellBlock}'s begin marker and its end marker are that command's output, the digits after the end
 * marker its exit status. Bytes outside any frame (a login script's chatter, a daemon a command left behind writing
 * late) are not part of any command's output; {@link Frame#stray()} hands them over for logging.
 * Not thread-safe: the shell guards it.
 */
final class FramedStream {
    private byte[] buffer = new byte[8192];
    private int length;
    /** Where the search for the end marker of the current block resumes (what was searched already holds none). */
    private int scanned;
    /** Where the search for the begin marker resumes: the framing scans each byte a bounded number of times. */
    private int beginScanned;
    /** Room for the markers and what a login script may print before them, on top of a command's output. */
    private static final int MARGIN = 64 * 1024;
    /** The most any command may make this stream hold. */
    static final int LIMIT = OutputLimit.MAX_BYTES + MARGIN;
    private int limit = LIMIT;

    /** A command's output on this stream, its exit status, and what came before its begin marker. */
    record Frame(byte[] output, int exitStatus, byte[] stray) {
        String text() {
            return new String(output, StandardCharsets.UTF_8);
        }
    }

    /** The output limit of the command about to run (its frame is the next one). */
    void limitTo(int commandBytes) {
        limit = Math.min(LIMIT, commandBytes + MARGIN);
    }

    /** Appends what arrived; false (and nothing kept) when the pending output would pass the limit. */
    boolean append(byte[] bytes, int offset, int count) {
        if ((long) length + count > limit) {
            return false;
        }
        if (length + count > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(LIMIT, Math.max(buffer.length * 2, length + count)));
        }
        System.arraycopy(bytes, offset, buffer, length, count);
        length += count;
        return true;
    }

    /**
     * The frame of {@code block} once its end marker and exit status have arrived, removing it (and anything before
     * it) from the stream; {@code null} while it is incomplete.
     *
     * @throws IllegalStateException when the end marker is followed by something other than an exit status: the
     *                               shell is not the one we talk to, or is broken
     */
    Frame take(ShellBlock block) {
        byte[] begin = block.begin();
        int beginAt = indexOf(begin, beginScanned);
        if (beginAt < 0) {
            beginScanned = Math.max(0, length - begin.length + 1);
            return null;
        }
        beginScanned = beginAt;
        int outputFrom = beginAt + begin.length;
        byte[] end = block.end();
        int endAt = indexOf(end, Math.max(outputFrom, scanned));
        if (endAt < 0) {
            scanned = Math.max(outputFrom, length - end.length + 1);
            return null;
        }
        int statusFrom = endAt + end.length;
        int newline = indexOf(new byte[] {'\n'}, statusFrom);
        if (newline < 0) {
            return null;
        }
        String status = new String(buffer, statusFrom, newline - statusFrom, StandardCharsets.US_ASCII);
        if (!status.matches("[0-9]{1,3}")) {
            throw new IllegalStateException("the shell ended " + block + " with \"" + status
                    + "\" instead of an exit status");
        }
        Frame frame = new Frame(Arrays.copyOfRange(buffer, outputFrom, endAt), Integer.parseInt(status),
                Arrays.copyOfRange(buffer, 0, beginAt));
        int consumed = newline + 1;
        System.arraycopy(buffer, consumed, buffer, 0, length - consumed);
        length -= consumed;
        scanned = 0;
        beginScanned = 0;
        return frame;
    }

    /** What arrived and belongs to no complete frame yet (for the message when the shell dies). */
    String pending() {
        return new String(buffer, 0, length, StandardCharsets.UTF_8);
    }

    private int indexOf(byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buffer[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
