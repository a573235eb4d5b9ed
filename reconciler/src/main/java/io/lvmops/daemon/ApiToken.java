package io.lvmops.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.Set;

/**
 * The HTTP API's bearer token, read from {@code http.tokenFile}: its first line, surrounding white space removed.
 * The file must not be readable or writable by others, nor writable by its group (like an SSH private key, but a
 * group may read it: {@code 0640 root:lvmops} lets the daemon's user read a token that root owns).
 */
public final class ApiToken {
    /** Longer files are not tokens: refused rather than read whole. */
    private static final int MAX_BYTES = 4096;
    private final byte[] value;

    private ApiToken(byte[] value) {
        this.value = value;
    }

    /** Reads the token; the message of the {@link IllegalArgumentException} says what is wrong with the file. */
    public static ApiToken read(Path file) {
        String problem = permissionProblem(file);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        byte[] bytes;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException(file + " is longer than " + MAX_BYTES + " bytes; expected one token");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        int eol = text.indexOf('\n');
        String token = (eol < 0 ? text : text.substring(0, eol)).strip();
        if (token.isEmpty()) {
            throw new IllegalArgumentException(file + " is empty; put a token in it, e.g. openssl rand -hex 32");
        }
        if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException(file + ": the token must be printable ASCII without spaces");
        }
        return new ApiToken(token.getBytes(StandardCharsets.US_ASCII));
    }

    /** Null when the file's permissions keep the token secret (or the file system has no POSIX permissions). */
    static String permissionProblem(Path file) {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return null;
        } catch (IOException e) {
            return "cannot read " + file + ": " + e.getMessage();
        }
        if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.OTHERS_WRITE)
                || perms.contains(PosixFilePermission.GROUP_WRITE)) {
            return file + " is " + java.nio.file.attribute.PosixFilePermissions.toString(perms)
                    + "; a token file must not be readable by others nor writable by its group (chmod 0600 or 0640)";
        }
        return null;
    }

    /** The token, for the client's Authorization header. */
    public String value() {
        return new String(value, StandardCharsets.US_ASCII);
    }

    /** True when the header is {@code Bearer <this token>}; the comparison takes the same time for any wrong token. */
    boolean acceptsAuthorization(String header) {
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] offered = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(digest(offered), digest(value));
    }

    /** Both sides hashed first so that neither the comparison's time nor its length check reveals the token length. */
    private static byte[] digest(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "ApiToken[****]";
    }
}
