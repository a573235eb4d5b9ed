package io.lvmops.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OpenSSH known_hosts file, shared by all connections that verify against it. Parsing and matching (including
 * hashed host names) is JSch's {@code KnownHosts}; the decision, and writing accepted keys, is ours, so that a
 * changed key can never be "accepted" and so that refusals can name the fingerprints.
 */
final class KnownHostsFile {
    private static final Logger LOG = LoggerFactory.getLogger(KnownHostsFile.class);

    enum Outcome { TRUSTED, ACCEPTED_NEW, UNKNOWN, CHANGED }

    /**
     * @param host      the name as known_hosts writes it: {@code host} or {@code [host]:port}
     * @param presented the key the server showed
     * @param known     the keys known_hosts holds for this host (for a changed key)
     */
    record Verdict(Outcome outcome, String host, HostKeyFingerprint presented, List<HostKeyFingerprint> known) {
        boolean trusted() {
            return outcome == Outcome.TRUSTED || outcome == Outcome.ACCEPTED_NEW;
        }
    }

    private final Path file;
    private final boolean acceptNew;
    private final HostKeyRepository knownHosts;
    /** Keys accepted during this run; JSch's in-memory copy of the file is not updated by our appends. */
    private final Map<String, List<byte[]>> acceptedThisRun = new HashMap<>();

    KnownHostsFile(Path file, boolean acceptNew) throws JSchException {
        this.file = file;
        this.acceptNew = acceptNew;
        JSch loader = new JSch();
        if (Files.exists(file)) {
            loader.setKnownHosts(file.toString());
        }
        this.knownHosts = loader.getHostKeyRepository();
    }

    Path file() {
        return file;
    }

    synchronized Verdict verify(String host, byte[] key) {
        HostKeyFingerprint presented = HostKeyFingerprint.of(key);
        List<HostKeyFingerprint> known = knownKeys(host);
        boolean revoked = Arrays.stream(knownHosts.getHostKey()).anyMatch(entry -> "@revoked".equals(entry.getMarker())
                && entry.getKey().equals(Base64.getEncoder().encodeToString(key)));
        if (revoked) {
            return new Verdict(Outcome.CHANGED, host, presented, known);
        }
        if (knownHosts.check(host, key) == HostKeyRepository.OK
                || acceptedThisRun.getOrDefault(host, List.of()).stream().anyMatch(k -> Arrays.equals(k, key))) {
            return new Verdict(Outcome.TRUSTED, host, presented, known);
        }
        // Any known key that does not match is a changed key, also when its type differs: JSch asks for the known
        // types first (prefer_known_host_key_types), so a server that no longer offers them is not a new host.
        if (!known.isEmpty()) {
            return new Verdict(Outcome.CHANGED, host, presented, known);
        }
        if (!acceptNew) {
            return new Verdict(Outcome.UNKNOWN, host, presented, known);
        }
        try {
            append(host, presented.keyType(), key);
        } catch (IOException e) {
            LOG.warn("cannot add the host key of {} to {}: {}", host, file, e.toString());
            return new Verdict(Outcome.UNKNOWN, host, presented, known);
        }
        acceptedThisRun.computeIfAbsent(host, h -> new ArrayList<>()).add(key.clone());
        LOG.info("Permanently added {} ({}) to {}", host, presented, file);
        return new Verdict(Outcome.ACCEPTED_NEW, host, presented, known);
    }

    /** The entries JSch should prefer when negotiating the host key algorithm. */
    synchronized HostKey[] entriesFor(String host, String type) {
        return knownHosts.getHostKey(host, type);
    }

    private List<HostKeyFingerprint> knownKeys(String host) {
        List<HostKeyFingerprint> known = new ArrayList<>();
        for (HostKey entry : knownHosts.getHostKey(host, null)) {
            String marker = entry.getMarker();
            if (marker == null || marker.isEmpty()) {
                known.add(HostKeyFingerprint.ofBase64(entry.getKey()));
            }
        }
        acceptedThisRun.getOrDefault(host, List.of()).forEach(k -> known.add(HostKeyFingerprint.of(k)));
        return known;
    }

    private void append(String host, String keyType, byte[] key) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
        String separator = needsNewline() ? "\n" : "";
        String line = separator + host + " " + keyType + " " + Base64.getEncoder().encodeToString(key) + "\n";
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private boolean needsNewline() throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return false;
        }
        byte[] content = Files.readAllBytes(file);
        return content[content.length - 1] != '\n';
    }
}
