package io.lvmops.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.lvmops.model.NodeSpec;
import io.lvmops.testing.LocalImages;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * A real OpenSSH server for the duration of a test class, in a Testcontainers container from the locally built
 * Debian image ({@link LocalImages#openssh()}): fresh host and user keys in a temporary directory of this machine,
 * bind-mounted at the same path in the container, so keys, config and log are read and written at one path on both
 * sides; port 22 is mapped to {@link #port()} on this machine, and {@link #knownHostsLine()} is built from the host
 * key the container serves. Commands run in the container, which has lvm2, git and flock but sees none of this
 * machine's files except that directory: what a test shares with the node goes into a {@link #sharedDirectory}.
 * The login shell gets a clean, empty HOME ({@code SetEnv HOME=...}). LogLevel DEBUG1 so tests can count, on the
 * server's side, the connections ("Accepted publickey") and exec requests.
 */
public final class OpenSshServer implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private Path log;
    private int port;
    private GenericContainer<?> sshdContainer;

    private OpenSshServer() {
    }

    /**
     * sshd in a container from the local OpenSSH image. The only kind since tests stopped running an sshd on this
     * host; the constructor stays private so that a test written for that host sshd fails to compile rather than
     * silently finding the container's files instead of this machine's.
     */
    public static OpenSshServer inContainer() {
        return new OpenSshServer();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("lvmops-sshd-");
        Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(clientHome().resolve(".ssh"));
        keygen(hostKey(), "ed25519");
        keygen(userKey(), "ed25519");
        keygen(otherUserKey(), "ed25519");
        Files.copy(userKey(), clientHome().resolve(".ssh/id_ed25519"));
        Files.copy(Path.of(userKey() + ".pub"), dir.resolve("authorized_keys"));
        log = dir.resolve("sshd.log");
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "ListenAddress 0.0.0.0",
                "Port 22",
                "HostKey " + hostKey(),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PermitRootLogin prohibit-password",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "StrictModes no",
                "UsePAM no",
                "PidFile " + dir.resolve("sshd.pid"),
                "LogLevel DEBUG1",
                "SetEnv HOME=" + dir.resolve("home"),
                ""));
        startContainer(config);
    }

    private void startContainer(Path config) {
        long start = System.nanoTime();
        sshdContainer = new GenericContainer<>(LocalImages.openssh())
                // a recognisable name: Docker is shared, and without Ryuk a killed JVM leaves its container behind
                .withCreateContainerCmdModifier(cmd -> cmd.withName("lvmops-test-sshd-" + dir.getFileName()
                        .toString().replace("lvmops-sshd-", "")))
                .withFileSystemBind(dir.toString(), dir.toString(), BindMode.READ_WRITE)
                .withExposedPorts(22)
                .withCommand("/usr/sbin/sshd", "-D", "-f", config.toString(), "-E", log.toString())
                .waitingFor(Wait.forListeningPort());
        try {
            sshdContainer.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("sshd container did not start: " + logText(), e);
        }
        port = sshdContainer.getMappedPort(22);
        System.err.printf("[sshd] container %s up on port %d in %d ms%n", sshdContainer.getContainerId()
                .substring(0, 12), port, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (sshdContainer != null) {
            sshdContainer.stop();
        }
        if (dir != null && System.getProperty("lvmops.test.keepSshd") != null) {
            System.err.println("sshd log kept in " + log);
        } else if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    /**
     * A new empty directory that the server's commands see at the same path (it is inside {@link #dir()}, which the
     * container bind-mounts at its own path): for what a test shares with the node, such as a bare Git repository or
     * a lock directory. Removed with the server.
     */
    public Path sharedDirectory(String prefix) throws IOException {
        return Files.createTempDirectory(Files.createDirectories(dir.resolve("shared")), prefix);
    }

    public Path hostKey() {
        return dir.resolve("ssh_host_ed25519_key");
    }

    public Path userKey() {
        return dir.resolve("id_user");
    }

    /** A key the server does not accept. */
    public Path otherUserKey() {
        return dir.resolve("id_other");
    }

    /** A home directory whose ~/.ssh/id_ed25519 is the accepted user key (for the default-key lookup). */
    public Path clientHome() {
        return dir.resolve("client");
    }

    /** The known_hosts line for this server, as OpenSSH writes it for a non-standard port. */
    public String knownHostsLine() {
        return "[127.0.0.1]:" + port + " " + publicKeyFields(Path.of(hostKey() + ".pub")) + "\n";
    }

    /** A known_hosts file trusting this server. */
    public Path trustingKnownHosts() throws IOException {
        Path file = Files.createTempFile(dir, "known_hosts", "");
        Files.writeString(file, knownHostsLine());
        return file;
    }

    /** The fingerprint OpenSSH itself computes for the server's host key ({@code SHA256:...}). */
    public String hostKeyFingerprint() {
        return fingerprintOf(Path.of(hostKey() + ".pub"));
    }

    /** A node reaching this server as root with the accepted key. */
    public NodeSpec node(String name, Path knownHosts) {
        return new NodeSpec(name, "127.0.0.1", port, "root", userKey().toString(), knownHosts.toString(), false,
                false);
    }

    /**
     * Adds a login user to the container (the accepted user key logs it in too: authorized_keys is one file for
     * all); a {@code sudoer} may run anything through {@code sudo -n}, the others are asked for a password.
     */
    public NodeSpec addUser(String name, boolean sudoer, String nodeName, Path knownHosts) throws Exception {
        if (sshdContainer == null) {
            throw new IllegalStateException("users can only be added to the container's sshd (inContainer())");
        }
        // '*' instead of useradd's '!': sshd refuses keys of a locked account. The server's directory (0700, where
        // authorized_keys is) must be traversable for sshd to read the keys as that user.
        String script = "chmod o+x " + dir + "; id " + name + " >/dev/null 2>&1 || useradd -m -s /bin/bash -p '*' "
                + name + (sudoer ? " && echo '" + name + " ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/" + name : "");
        org.testcontainers.containers.Container.ExecResult result = sshdContainer.execInContainer("sh", "-c",
                script);
        if (result.getExitCode() != 0) {
            throw new IllegalStateException("cannot add user " + name + ": " + result.getStderr());
        }
        return new NodeSpec(nodeName, "127.0.0.1", port, name, userKey().toString(), knownHosts.toString(), true,
                false);
    }

    /** Runs a shell script in the container (as root, not through sshd); returns its stdout, failing on exit != 0. */
    public String execInContainer(String script) throws Exception {
        org.testcontainers.containers.Container.ExecResult result = sshdContainer.execInContainer("sh", "-c", script);
        if (result.getExitCode() != 0) {
            throw new IllegalStateException("in the container, '" + script + "' exited " + result.getExitCode()
                    + ": " + result.getStderr());
        }
        return result.getStdout();
    }

    /** Freezes every process of the container (sshd and its sessions): connections fall silent, nothing closes. */
    public void pause() {
        sshdContainer.getDockerClient().pauseContainerCmd(sshdContainer.getContainerId()).exec();
    }

    public void unpause() {
        sshdContainer.getDockerClient().unpauseContainerCmd(sshdContainer.getContainerId()).exec();
    }

    /** Lines of sshd's log containing {@code text}; sshd writes them before it answers, so they are complete. */
    public long countInLog(String text) throws IOException {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains(text)).count();
        }
    }

    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void keygen(Path file, String type) throws IOException, InterruptedException {
        run(List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "lvmops-test", "-f", file.toString()));
    }

    static String fingerprintOf(Path publicKey) {
        try {
            // "256 SHA256:abc... comment (ED25519)"
            return run(List.of("ssh-keygen", "-l", "-E", "sha256", "-f", publicKey.toString())).split(" ")[1];
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static String publicKeyFields(Path publicKey) {
        try {
            String[] fields = Files.readString(publicKey).trim().split(" ");
            return fields[0] + " " + fields[1];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String run(List<String> argv) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(argv + " failed: " + output);
        }
        return output;
    }
}
