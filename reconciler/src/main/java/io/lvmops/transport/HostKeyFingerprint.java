package io.lvmops.transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** A host key as OpenSSH shows it to people: its type and {@code SHA256:<base64 without padding>} fingerprint. */
public record HostKeyFingerprint(String keyType, String sha256) {

    /** From the key blob the server sent (SSH wire format: string type, then the key's fields). */
    public static HostKeyFingerprint of(byte[] keyBlob) {
        return new HostKeyFingerprint(keyType(keyBlob), sha256(keyBlob));
    }

    /** From the base64 key field of a known_hosts line. */
    public static HostKeyFingerprint ofBase64(String base64Blob) {
        return of(Base64.getDecoder().decode(base64Blob));
    }

    static String sha256(byte[] keyBlob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBlob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String keyType(byte[] keyBlob) {
        if (keyBlob.length < 4) {
            return "unknown";
        }
        int length = ByteBuffer.wrap(keyBlob, 0, 4).getInt();
        if (length <= 0 || length > keyBlob.length - 4) {
            return "unknown";
        }
        return new String(keyBlob, 4, length, StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return keyType + " " + sha256;
    }
}
