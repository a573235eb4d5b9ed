package io.lvmops.git;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which revision of each spec source was last applied, and when: a small JSON file,
 * {@code ${XDG_STATE_HOME:-~/.local/state}/lvmops/applied.json} (or {@code --state-dir}), written by apply and the
 * daemon after a successful apply and read by status.
 *
 * <pre>{"version":1,"sources":{"ssh://git@host/specs.git//prod":{"revision":"main@sha1:…","appliedAt":"2026-…Z"}}}</pre>
 *
 * <p>Writes go to a temporary file renamed over the old one (a crash never leaves half a file) under a lock file
 * (two lvmops processes never lose each other's record).
 */
public final class AppliedRevisionStore {
    public static final String FILE_NAME = "applied.json";
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;

    public AppliedRevisionStore(Path stateDir) {
        this.file = stateDir.resolve(FILE_NAME);
    }

    /** {@code ${XDG_STATE_HOME:-~/.local/state}/lvmops}. */
    public static Path defaultStateDir(Map<String, String> env) {
        String xdg = env.get("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : GitTransports.userHome().resolve(".local").resolve("state");
        return base.resolve("lvmops");
    }

    public Path file() {
        return file;
    }

    /** Records that {@code revision} of {@code source} was applied at {@code when}. */
    public void record(String source, String revision, Instant when) {
        AppliedRevision entry = new AppliedRevision(source, revision, when);
        try {
            Files.createDirectories(file.getParent());
            FileLocks.withLock(file.resolveSibling(FILE_NAME + ".lock"), () -> {
                Map<String, AppliedRevision> all = new TreeMap<>(read());
                all.put(source, entry);
                write(all);
                return null;
            });
        } catch (IOException e) {
            throw new StateFileException(file + ": cannot record the applied revision: " + e.getMessage(), e);
        }
    }

    /** As {@link #record(String, String, Instant)} for a loaded spec. */
    public void record(ResolvedSpec spec, Instant when) {
        record(spec.source(), spec.revision(), when);
    }

    public Optional<AppliedRevision> lastApplied(String source) {
        return Optional.ofNullable(all().get(source));
    }

    /** Every source's last applied revision, by source; empty when nothing was ever applied. */
    public Map<String, AppliedRevision> all() {
        try {
            return read();
        } catch (IOException e) {
            throw new StateFileException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private Map<String, AppliedRevision> read() throws IOException {
        Map<String, AppliedRevision> all = new TreeMap<>();
        if (!Files.exists(file)) {
            return all;
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new StateFileException(file + ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr()
                    + ": not valid JSON (" + e.getOriginalMessage() + "); delete or fix it", e);
        }
        if (root == null || !root.isObject() || root.path("version").asInt() != VERSION
                || !root.path("sources").isObject()) {
            throw new StateFileException(file + ": not an lvmops applied-revision file (expected {\"version\": "
                    + VERSION + ", \"sources\": {…}}); delete or fix it", null);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("sources").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode rev = e.getValue().get("revision");
            try {
                all.put(e.getKey(), new AppliedRevision(e.getKey(), rev == null || rev.isNull() ? null : rev.asText(),
                        Instant.parse(e.getValue().path("appliedAt").asText())));
            } catch (DateTimeParseException ex) {
                throw new StateFileException(file + ": sources." + e.getKey() + ".appliedAt: '"
                        + e.getValue().path("appliedAt").asText() + "' is not an ISO-8601 instant", ex);
            }
        }
        return all;
    }

    private void write(Map<String, AppliedRevision> all) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        ObjectNode sources = root.putObject("sources");
        for (AppliedRevision a : all.values()) {
            ObjectNode o = sources.putObject(a.source());
            if (a.revision() == null) {
                o.putNull("revision");
            } else {
                o.put("revision", a.revision());
            }
            o.put("appliedAt", a.appliedAt().toString());
        }
        Path tmp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
        try {
            Files.writeString(tmp, JSON.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The state file cannot be read or written; the message names the file (and line:column for bad JSON). */
    public static final class StateFileException extends RuntimeException {
        public StateFileException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
