package io.lvmops.daemon;

import io.lvmops.model.load.LoadedSpec;
import io.lvmops.model.load.SpecError;
import io.lvmops.model.load.SpecLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A spec from a local file or directory. Its revision is {@code sha256:HEX} of the YAML files' names and contents,
 * so that the sync job sees an edit as a new revision.
 */
public final class PathSpecSource implements SpecSource {
    private final Path path;

    public PathSpecSource(Path path) {
        this.path = path;
    }

    @Override
    public Revision fetch() throws IOException {
        LoadedSpec loaded = SpecLoader.load(path);
        if (!loaded.valid()) {
            throw new IOException("the spec " + path + " is invalid: " + loaded.errors().stream()
                    .map(SpecError::toString).collect(Collectors.joining("; ")));
        }
        return new Revision(revision(path), loaded.spec());
    }

    static String revision(Path path) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<Path> files;
        if (Files.isDirectory(path)) {
            try (Stream<Path> s = Files.list(path)) {
                files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted()
                        .toList();
            }
        } else {
            files = List.of(path);
        }
        for (Path f : files) {
            sha.update(f.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(Files.readAllBytes(f));
            sha.update((byte) 0);
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }
}
