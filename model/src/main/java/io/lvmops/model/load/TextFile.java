package io.lvmops.model.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a file lvmops is given (a spec, a snapshot, a saved plan) as UTF-8 text, refusing before or while reading
 * what would hang or exhaust it: anything but a regular file ({@code /dev/stdin}, {@code /dev/zero}, a FIFO, a
 * directory), more than {@code maxBytes}, or bytes that are not UTF-8 (named by line and column).
 */
public final class TextFile {
    private TextFile() {
    }

    /** Why a file cannot be read; {@link #line()} is 0 when the problem has no position. */
    public static final class Unreadable extends Exception {
        private final int line;
        private final int column;

        Unreadable(String message, int line, int column) {
            super(message);
            this.line = line;
            this.column = column;
        }

        public int line() {
            return line;
        }

        public int column() {
            return column;
        }

        /** {@code FILE:LINE:COLUMN: MESSAGE}, or {@code FILE: MESSAGE} without a position. */
        public String describe(String file) {
            return file + (line > 0 ? ":" + line + ":" + column : "") + ": " + getMessage();
        }
    }

    public static String read(Path file, int maxBytes) throws Unreadable {
        if (!Files.exists(file)) {
            throw new Unreadable("no such file or directory", 0, 0);
        }
        if (!Files.isRegularFile(file)) {
            throw new Unreadable(Files.isDirectory(file) ? "is a directory, not a file"
                    : "not a regular file (a device, a FIFO or a socket): refused, it could be endless", 0, 0);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(maxBytes + 1); // bounded even if the file grows meanwhile
        } catch (NoSuchFileException e) {
            throw new Unreadable("no such file or directory", 0, 0);
        } catch (IOException e) {
            throw new Unreadable("cannot read: " + (e.getMessage() == null ? "I/O error" : e.getMessage()), 0, 0);
        }
        if (bytes.length > maxBytes) {
            throw new Unreadable("larger than " + (maxBytes >> 20) + " MiB: refused before reading it", 0, 0);
        }
        return utf8(bytes);
    }

    /** The bytes as UTF-8 text; the first byte that is not UTF-8 is named by its line and column. */
    public static String utf8(byte[] bytes) throws Unreadable {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            int column = 1;
            for (int i = 0; i < out.position(); i++) {
                if (out.get(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            throw new Unreadable(String.format("not UTF-8 text (byte 0x%02x at offset %d)", bytes[at] & 0xff, at),
                    line, column);
        }
        decoder.flush(out);
        return out.flip().toString();
    }
}
