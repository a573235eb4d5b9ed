package io.lvmops.daemon;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PostgreSQL cluster from Debian's package ({@code /usr/lib/postgresql/15/bin}), owned by the
 * {@code postgres} system user because initdb refuses to run as root. Listens on 127.0.0.1 at a free port with
 * password (SCRAM) authentication for TCP, the superuser being {@code lvmops}.
 */
final class PostgresServer implements AutoCloseable {
    static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private final Path dir;
    final int port;
    final String password;

    private PostgresServer(Path dir, int port, String password) {
        this.dir = dir;
        this.port = port;
        this.password = password;
    }

    static boolean available() {
        return Files.isExecutable(BIN.resolve("initdb")) && Files.isExecutable(Path.of("/usr/sbin/runuser"));
    }

    static PostgresServer start(String password) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("lvmops-pg");
        Path pw = dir.resolve("pwfile");
        Files.writeString(pw, password + "\n");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
        run(asPostgres(BIN.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "lvmops",
                "--pwfile=" + pw, "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--no-sync"));
        run(asPostgres(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-t", "60",
                "-l", dir.resolve("log").toString(), "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
        return new PostgresServer(dir, port, password);
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    private static List<String> asPostgres(String... argv) {
        List<String> l = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        l.addAll(List.of(argv));
        return l;
    }

    private static void run(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + " failed:\n" + out);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(asPostgres(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
                "-w", "stop"));
        run(List.of("rm", "-rf", dir.toString()));
    }

    static Duration sinceNanos(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
