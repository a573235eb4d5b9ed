package io.lvmops.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * Docker images for tests, built on this machine: no registry is reachable here (nor on CI), so nothing can be
 * pulled. On first use in a JVM it makes Docker usable (installs Debian's {@code docker.io} and {@code debootstrap}
 * with apt-get when missing, starts {@code dockerd} in the background, logging to {@value #DOCKERD_LOG}), creates the
 * base image {@value #BASE} from a debootstrap'ed Debian 12 (the root file system tarball is cached under
 * {@code ~/.cache/lvmops-test/}) and builds derived images with Testcontainers' {@link ImageFromDockerfile}. Derived
 * images are tagged with a hash of their build files and kept, so later runs reuse them.
 */
public final class LocalImages {
    public static final String BASE = "lvmops-test/debian-bookworm:base";
    static final String DOCKERD_LOG = "/tmp/lvmops-dockerd.log";
    private static final String MIRROR = "http://deb.debian.org/debian";
    private static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "lvmops-test");
    private static final Path ROOTFS_TAR = CACHE.resolve("debian-bookworm-minbase.tar");

    /** The base image's id once Docker is up and the image exists; later calls in this JVM ask Docker nothing. */
    private static String baseId;
    /** Derived images known to exist: each test class starting a container would otherwise ask Docker again. */
    private static final Set<String> READY = new HashSet<>();

    private LocalImages() {
    }

    /**
     * An image of a node reached over SSH: Debian's OpenSSH server ({@code /run/sshd} exists, no host keys: tests
     * bring theirs) and what the tests run on a node besides coreutils: sudo, ps/pgrep (transport), flock (the VG
     * lock; util-linux, essential), lvm2 with dmsetup, blkid, findmnt and open-iscsi's iscsiadm (observe.sh; the
     * container sees no block device nor device-mapper, so LVM reports nothing and dmsetup fails, as observe.sh
     * allows), git (git-upload-pack for Git over SSH). One image for all of them: each package set costs a build.
     */
    public static String openssh() {
        return derived("lvmops-test/openssh", Map.of("Dockerfile", """
                FROM %s
                RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \\
                        openssh-server sudo procps lvm2 open-iscsi git \\
                    && rm -rf /var/lib/apt/lists/* /etc/ssh/ssh_host_* && mkdir -p /run/sshd
                """.formatted(BASE)));
    }

    /**
     * An image with Debian's PostgreSQL 15 that, when started, creates a cluster whose superuser is {@code lvmops}
     * with the password in {@code $POSTGRES_PASSWORD} (SCRAM over TCP) and serves it on port 5432.
     */
    public static String postgresql() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("Dockerfile", """
                FROM %s
                RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \\
                        postgresql-15 && rm -rf /var/lib/apt/lists/*
                COPY start-postgres /usr/local/bin/start-postgres
                RUN chmod 755 /usr/local/bin/start-postgres
                EXPOSE 5432
                CMD ["/usr/local/bin/start-postgres"]
                """.formatted(BASE));
        files.put("start-postgres", """
                #!/bin/sh
                set -e
                bin=/usr/lib/postgresql/15/bin
                umask 077
                printf '%s\\n' "$POSTGRES_PASSWORD" > /tmp/pwfile
                chown postgres /tmp/pwfile
                runuser -u postgres -- $bin/initdb -D /tmp/pgdata -U lvmops --pwfile=/tmp/pwfile \\
                    --auth-host=scram-sha-256 --auth-local=trust -E UTF8 --no-sync >/dev/null
                rm /tmp/pwfile
                echo 'host all all 0.0.0.0/0 scram-sha-256' >> /tmp/pgdata/pg_hba.conf
                exec runuser -u postgres -- $bin/postgres -D /tmp/pgdata -k /tmp -c listen_addresses='*' -c fsync=off
                """);
        return derived("lvmops-test/postgresql", files);
    }

    /**
     * An image with Debian's Apache 2.4 and git serving Git's smart HTTP protocol ({@code git http-backend}, protocol
     * v2 passed through) over TLS on port 443, behind HTTP Basic authentication. The test mounts what makes it its
     * own: {@code /srv/tls/server.crt} and {@code server.key} (PEM), {@code /srv/auth/htpasswd}, and the repositories
     * under {@code /srv/git} (served at {@code https://HOST/git/NAME.git}). Access log ({@code client user "request"
     * status bytes}) on stdout, error log on stderr.
     */
    public static String gitHttps() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("Dockerfile", """
                FROM %s
                RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \\
                        apache2 git && rm -rf /var/lib/apt/lists/*
                # the mounted repositories belong to the test's user, git-http-backend runs as www-data
                RUN git config --system --add safe.directory '*'
                COPY git-https.conf /etc/apache2/git-https.conf
                EXPOSE 443
                CMD ["/usr/sbin/apache2", "-f", "/etc/apache2/git-https.conf", "-DFOREGROUND"]
                """.formatted(BASE));
        String modules = "/usr/lib/apache2/modules/";
        StringBuilder conf = new StringBuilder();
        for (String m : List.of("mpm_event", "authz_core", "authz_user", "authn_core", "authn_file", "auth_basic",
                "alias", "env", "setenvif", "cgid", "socache_shmcb", "ssl")) {
            conf.append("LoadModule ").append(m).append("_module ").append(modules).append("mod_").append(m)
                    .append(".so\n");
        }
        conf.append("""
                ServerRoot /etc/apache2
                ServerName localhost
                PidFile /tmp/apache2.pid
                Mutex file:/tmp default
                ScriptSock /tmp/cgid.sock
                User www-data
                Group www-data
                Listen 443
                ErrorLog /proc/self/fd/2
                LogLevel warn
                LogFormat "%h %u \\"%r\\" %>s %b" git
                CustomLog /proc/self/fd/1 git
                SSLEngine on
                SSLSessionCache shmcb:/tmp/ssl_scache(512000)
                SSLCertificateFile /srv/tls/server.crt
                SSLCertificateKeyFile /srv/tls/server.key
                SetEnv GIT_PROJECT_ROOT /srv/git
                SetEnv GIT_HTTP_EXPORT_ALL 1
                SetEnvIf Git-Protocol ".*" GIT_PROTOCOL=$0
                ScriptAlias /git/ /usr/lib/git-core/git-http-backend/
                <Location /git/>
                    AuthType Basic
                    AuthName "lvmops test Git"
                    AuthBasicProvider file
                    AuthUserFile /srv/auth/htpasswd
                    Require valid-user
                </Location>
                """);
        files.put("git-https.conf", conf.toString());
        return derived("lvmops-test/git-https", files);
    }

    /**
     * Builds (once) an image from the given build files, tagged {@code name:<hash of the files and the base image>}.
     * Synchronized: tests may run in parallel, and two builds of the same tag would only waste minutes.
     */
    static synchronized String derived(String name, Map<String, String> files) {
        String base = ensureBase();
        String tag = name + ":" + hash(base + files);
        if (READY.contains(tag) || imageExists(tag)) {
            READY.add(tag);
            return tag;
        }
        long start = System.nanoTime();
        // deleteOnExit=false: the image outlives this JVM, the next run finds it by its tag
        ImageFromDockerfile image = new ImageFromDockerfile(tag, false);
        files.forEach(image::withFileFromString);
        String built = image.get();
        System.err.printf("[local-images] built %s in %d s%n", built, seconds(start));
        READY.add(built);
        return built;
    }

    /** Makes Docker usable and returns the id of the base image, creating it if needed. */
    public static synchronized String ensureBase() {
        if (baseId == null) {
            ensureDocker();
            if (!imageExists(BASE)) {
                importBase();
            }
            baseId = run(Duration.ofMinutes(1), "docker", "image", "inspect", "--format", "{{.Id}}", BASE).trim();
        }
        return baseId;
    }

    private static void ensureDocker() {
        if (succeeds("docker", "info")) {
            return;
        }
        long start = System.nanoTime();
        if (!onPath("dockerd") || !onPath("debootstrap") || !onPath("docker")) {
            aptInstall("docker.io", "debootstrap");
            System.err.printf("[local-images] installed docker.io and debootstrap in %d s%n", seconds(start));
            start = System.nanoTime();
        }
        try {
            // setsid: dockerd outlives the test JVM (and its process group), so the next run finds it up
            new ProcessBuilder("setsid", "dockerd")
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(DOCKERD_LOG)))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start dockerd", e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!succeeds("docker", "info")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("dockerd did not answer within 60 s, see " + DOCKERD_LOG);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        System.err.printf("[local-images] started dockerd in %d s (log %s)%n", seconds(start), DOCKERD_LOG);
    }

    private static void importBase() {
        long start = System.nanoTime();
        if (!Files.exists(ROOTFS_TAR)) {
            if (!onPath("debootstrap")) {
                aptInstall("debootstrap");
            }
            try {
                Files.createDirectories(CACHE);
                Path root = Files.createTempDirectory("lvmops-debootstrap-");
                try {
                    run(Duration.ofMinutes(15), "debootstrap", "--variant=minbase", "bookworm", root.toString(),
                            MIRROR);
                    // a unique name: another JVM (a parallel fork, another checkout) may be writing one too
                    Path partial = Files.createTempFile(CACHE, ROOTFS_TAR.getFileName().toString(), ".partial");
                    run(Duration.ofMinutes(5), "tar", "-C", root.toString(), "-cf", partial.toString(), ".");
                    Files.move(partial, ROOTFS_TAR, StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    run(Duration.ofMinutes(2), "rm", "-rf", "--one-file-system", root.toString());
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot create the Debian base file system", e);
            }
            System.err.printf("[local-images] debootstrap'ed Debian 12 into %s in %d s%n", ROOTFS_TAR,
                    seconds(start));
        }
        run(Duration.ofMinutes(5), "docker", "import", ROOTFS_TAR.toString(), BASE);
        System.err.printf("[local-images] %s ready after %d s%n", BASE, seconds(start));
    }

    private static void aptInstall(String... packages) {
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "--no-install-recommends"));
        install.addAll(List.of(packages));
        if (!succeeds(install.toArray(String[]::new))) {
            // a fresh machine has no package lists yet
            run(Duration.ofMinutes(5), "apt-get", "update");
            run(Duration.ofMinutes(10), install.toArray(String[]::new));
        }
    }

    private static boolean imageExists(String image) {
        return succeeds("docker", "image", "inspect", image);
    }

    private static boolean onPath(String command) {
        return succeeds("sh", "-c", "command -v " + command);
    }

    private static boolean succeeds(String... argv) {
        try {
            run(Duration.ofMinutes(10), argv);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static String run(Duration timeout, String... argv) {
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.start();
            p.getOutputStream().close();
            Path out = Files.createTempFile("lvmops-cmd-", ".out");
            try {
                Thread pump = new Thread(() -> {
                    try {
                        Files.copy(p.getInputStream(), out, StandardCopyOption.REPLACE_EXISTING);
                    } catch (IOException ignored) {
                        // the process died; its exit code tells
                    }
                });
                pump.setDaemon(true);
                pump.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", argv) + " timed out after " + timeout);
                }
                pump.join(5000);
                String text = Files.readString(out, StandardCharsets.UTF_8);
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", argv) + " failed (rc " + p.exitValue() + "):\n"
                            + text);
                }
                return text;
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", argv) + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(String.join(" ", argv) + " interrupted", e);
        }
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long seconds(long startNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
    }
}
