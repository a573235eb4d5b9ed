package io.lvmops.git;

import io.lvmops.testing.LocalImages;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real HTTPS Git server for a test class: Apache 2.4 with {@code git http-backend} (smart HTTP) in a Testcontainers
 * container from {@link LocalImages#gitHttps()}, TLS with a certificate for {@code localhost} signed by a throwaway CA
 * made for this run with {@code openssl}, and HTTP Basic authentication that accepts one user,
 * {@value #USER} (the name lvmops sends with a token), with a random token as its password. The repository
 * {@code specs.git} (default branch main) lives in a host directory bind-mounted into the container: commits are
 * pushed to it with the host's git through the file system, and lvmops fetches them over HTTPS.
 */
final class GitHttpsServer implements BeforeAllCallback, AfterAllCallback {
    static final String USER = "x-access-token";

    private Path dir;
    private String token;
    private GenericContainer<?> container;
    private GitCli git;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("lvmops-git-https-");
        for (String sub : new String[] {"tls", "auth", "git", "work", "home"}) {
            Files.createDirectories(dir.resolve(sub));
        }
        git = new GitCli(dir.resolve("home"));
        makeCertificates();
        token = "lvmops-test-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        // {SHA}: Apache's htpasswd format for an unsalted SHA-1 password, enough for a throwaway token
        Files.writeString(dir.resolve("auth/htpasswd"), USER + ":{SHA}" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-1").digest(token.getBytes(StandardCharsets.UTF_8))) + "\n");
        git.git(dir, "init", "-q", "--bare", "-b", "main", repository().toString());
        git.git(dir, "clone", "-q", repository().toString(), work().toString());
        // Apache's CGI runs as www-data: everything it reads must be world-readable (the temporary directory is not)
        for (String sub : new String[] {"auth", "git"}) {
            Files.setPosixFilePermissions(dir.resolve(sub), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.setPosixFilePermissions(dir.resolve("auth/htpasswd"), PosixFilePermissions.fromString("rw-r--r--"));
        long start = System.nanoTime();
        container = new GenericContainer<>(LocalImages.gitHttps())
                .withFileSystemBind(dir.resolve("tls").toString(), "/srv/tls", BindMode.READ_ONLY)
                .withFileSystemBind(dir.resolve("auth").toString(), "/srv/auth", BindMode.READ_ONLY)
                .withFileSystemBind(dir.resolve("git").toString(), "/srv/git", BindMode.READ_ONLY)
                .withExposedPorts(443)
                .waitingFor(Wait.forListeningPort());
        try {
            container.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("the HTTPS Git server did not start: "
                    + (container.getContainerId() == null ? "" : container.getLogs()), e);
        }
        System.err.printf("[git-https] container %s up on port %d in %d ms%n", container.getContainerId()
                .substring(0, 12), port(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** A CA, a server certificate for localhost signed by it, and another CA that signed nothing here. */
    private void makeCertificates() {
        Path tls = dir.resolve("tls");
        for (String ca : new String[] {"ca", "other-ca"}) {
            git.ok(tls, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", ca + ".key", "-out", ca + ".crt", "-days", "2", "-subj", "/CN=lvmops test " + ca,
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        }
        git.ok(tls, "openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
        git.ok(tls, "sh", "-c", "printf 'subjectAltName=DNS:localhost\\nextendedKeyUsage=serverAuth\\n"
                + "basicConstraints=CA:FALSE\\n' > server.ext");
        git.ok(tls, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                "-CAcreateserial", "-days", "2", "-extfile", "server.ext", "-out", "server.crt");
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (container != null) {
            container.stop();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    int port() {
        return container.getMappedPort(443);
    }

    /** {@code https://localhost:PORT/git/specs.git}: the name in the server's certificate. */
    String url() {
        return "https://localhost:" + port() + "/git/specs.git";
    }

    /** The same server by IP address, a name its certificate does not carry. */
    String urlByAddress() {
        return "https://127.0.0.1:" + port() + "/git/specs.git";
    }

    String token() {
        return token;
    }

    /** The CA certificate (PEM) that signed the server's certificate. */
    Path caFile() {
        return dir.resolve("tls/ca.crt");
    }

    /** A CA certificate (PEM) that did not sign the server's certificate. */
    Path otherCaFile() {
        return dir.resolve("tls/other-ca.crt");
    }

    Path repository() {
        return dir.resolve("git/specs.git");
    }

    Path work() {
        return dir.resolve("work/specs");
    }

    GitCli git() {
        return git;
    }

    /** Writes {@code file} in the work tree, commits and pushes to the served repository; returns the commit id. */
    String commit(String file, String content, String message) throws IOException {
        Path target = work().resolve(file);
        Files.createDirectories(target.getParent());
        Files.writeString(target, content);
        git.git(work(), "add", file);
        git.git(work(), "commit", "-q", "-m", message);
        git.git(work(), "push", "-q", "origin", "HEAD:main");
        return git.git(work(), "rev-parse", "HEAD").strip();
    }

    /** The server's access log and error log so far. */
    String log() {
        return container.getLogs();
    }
}
