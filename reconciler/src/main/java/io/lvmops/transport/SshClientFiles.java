package io.lvmops.transport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the SSH client's per-user state lives, as OpenSSH finds it: the home directory ({@code ~/.ssh/known_hosts},
 * default keys) and the ssh-agent socket. A record so tests can point it at a temporary directory.
 *
 * @param home        the user's home directory
 * @param agentSocket {@code SSH_AUTH_SOCK}, or null when no agent is running
 */
public record SshClientFiles(Path home, Path agentSocket) {
    /** OpenSSH's default identities that lvmops tries, in OpenSSH's order (DSA is obsolete). */
    static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    public SshClientFiles {
        if (home == null) {
            throw new IllegalArgumentException("home must be set");
        }
    }

    public static SshClientFiles ofCurrentUser() {
        String socket = System.getenv("SSH_AUTH_SOCK");
        return new SshClientFiles(Path.of(System.getProperty("user.home")),
                socket == null || socket.isBlank() ? null : Path.of(socket));
    }

    public Path defaultKnownHosts() {
        return home.resolve(".ssh").resolve("known_hosts");
    }

    public List<Path> existingDefaultKeys() {
        Path dir = home.resolve(".ssh");
        return DEFAULT_KEYS.stream().map(dir::resolve).filter(Files::isRegularFile).toList();
    }

    public Optional<Path> agent() {
        return Optional.ofNullable(agentSocket);
    }

    /** A path from the spec: {@code ~/} means this user's home, as in ssh_config. */
    public Path resolve(String specPath) {
        if (specPath.equals("~")) {
            return home;
        }
        if (specPath.startsWith("~/")) {
            return home.resolve(specPath.substring(2));
        }
        return Path.of(specPath);
    }
}
