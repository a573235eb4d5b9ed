package io.lvmops.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The revision of a spec read from the local file system: {@code sha256:} and the first 16 hex digits of a digest
 * over its files (a directory: the *.yaml/*.yml files in name order, each name and content). It tells whether the
 * spec changed between {@code plan --out} and {@code apply PLAN.json}. A spec from Git carries its commit instead.
 */
final class SpecRevision {
    private SpecRevision() {
    }

    static String of(Path spec) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : files(spec)) {
                digest.update(file.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Files.readAllBytes(file));
                digest.update((byte) 0);
            }
            return "sha256:" + HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spec " + spec + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> files(Path spec) throws IOException {
        if (!Files.isDirectory(spec)) {
            return List.of(spec);
        }
        try (Stream<Path> s = Files.list(spec)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return Files.isRegularFile(p) && (n.endsWith(".yaml") || n.endsWith(".yml"));
            }).sorted().toList();
        }
    }
}
