package io.lvmops.daemon;

import io.lvmops.cli.LvmopsCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The daemon with Quartz's RAM store, its real HTTP API and the real CLI, around a scripted cycle. */
class DaemonRamTest {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private DaemonConfig config(Mode mode) {
        return new DaemonConfig(new DaemonConfig.PathSource(dir), Duration.ofMillis(300), Duration.ofMillis(100),
                Duration.ofSeconds(30), mode, new InetSocketAddress("127.0.0.1", 0), List.of(),
                new DaemonConfig.RamStore(), Duration.ofSeconds(5), DaemonConfig.Ssh.DEFAULT, dir.resolve("state"), dir.resolve("d.yaml"));
    }

    private HttpResponse<String> get(URI base, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void runsBothJobsServesStatusMetricsAndSuspendsOverTheCli() throws Exception {
        FakeCycle cycle = new FakeCycle().drift(FakeCycle.doubleActive("vg0/lv01", "node1", "node2"))
                .drift(FakeCycle.clean("vg0/lv01", "node1"))
                .sync(new CycleResult("r1", true, List.of(), List.of(), 0, 0, null, true, List.of(), List.of()));
        try (Daemon daemon = Daemon.start(config(Mode.CORRECT), cycle)) {
            URI base = URI.create("http://127.0.0.1:" + daemon.httpAddress().getPort());
            assertThat(cycle.calls.poll(10, TimeUnit.SECONDS)).isEqualTo("sync correct=true");
            assertThat(cycle.calls.poll(10, TimeUnit.SECONDS)).isEqualTo("drift correct=true");
            assertThat(cycle.calls.poll(10, TimeUnit.SECONDS)).isEqualTo("drift correct=true");
            assertThat(get(base, "/healthz").statusCode()).isEqualTo(200);
            HttpResponse<String> status = get(base, "/status");
            assertThat(status.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(status.body()).contains("\"appliedRevision\" : \"r1\"").contains("\"suspended\" : false")
                    .contains("\"drift\" : {").contains("\"lv\" : \"vg0/lv01\"").contains("\"activeOn\" : [ \"node1\" ]");
            assertThat(get(base, "/metrics").body()).contains("lvmops_lvs_active_on_multiple_nodes 0.0")
                    .contains("lvmops_run_duration_seconds_count{job=\"drift\"");
            assertThat(java.nio.file.Files.readString(dir.resolve("state/applied.json"))).contains("\"r1\"");
            assertThat(LvmopsCommand.execute("daemon", "suspend", "--url", base.toString())).isZero();
            assertThat(get(base, "/status").body()).contains("\"suspended\" : true");
            // runs keep coming (observation goes on), none of them corrects: drain what ran before the switch
            String call;
            do {
                call = cycle.calls.poll(10, TimeUnit.SECONDS);
            } while ("drift correct=true".equals(call));
            assertThat(call).isEqualTo("drift correct=false");
            assertThat(cycle.calls.poll(10, TimeUnit.SECONDS)).isEqualTo("drift correct=false");
            assertThat(LvmopsCommand.execute("daemon", "resume", "--url", base.toString())).isZero();
            do {
                call = cycle.calls.poll(10, TimeUnit.SECONDS);
            } while ("drift correct=false".equals(call));
            assertThat(call).isEqualTo("drift correct=true");
            assertThat(http.send(HttpRequest.newBuilder(base.resolve("/suspend")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
        }
        // after close no run starts any more
        cycle.calls.clear();
        assertThat(cycle.calls.poll(1, TimeUnit.SECONDS)).isNull();
    }

    /** Runs the CLI; exit code, then stderr. */
    private static String[] cli(String... args) {
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = LvmopsCommand.newCommandLine();
        cl.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
        cl.setErr(new java.io.PrintWriter(err));
        return new String[]{Integer.toString(cl.execute(args)), err.toString()};
    }

    @Test
    void suspendAndResumeSendTheTokenFromTheConfigOrTokenFile() throws Exception {
        Path tokenFile = dir.resolve("api-token");
        java.nio.file.Files.writeString(tokenFile, "c0ffee-51de\n");
        java.nio.file.Files.setPosixFilePermissions(tokenFile,
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path file = dir.resolve("daemon.yaml");
        java.nio.file.Files.writeString(file, "spec: {path: .}\nstateDir: state\ninterval: 1h\nsyncInterval: 1h\nbackoffCap: 2h\n"
                + "http: {listen: 127.0.0.1:" + port + ", tokenFile: api-token}\n");
        DaemonConfig config = DaemonConfigLoader.load(file).config();
        FakeCycle cycle = new FakeCycle().sync(new CycleResult("r1", true, List.of(), List.of(), 0, 0, null, true,
                List.of(), List.of()));
        try (Daemon daemon = Daemon.start(config, cycle)) {
            URI base = URI.create("http://127.0.0.1:" + port);
            String[] run = cli("daemon", "suspend", "--url", base.toString());
            assertThat(run[0]).isEqualTo("1");
            assertThat(run[1]).isEqualTo("lvmops: the daemon at " + base + " refused the request (401): it needs its "
                    + "API token: --token-file FILE, or --config FILE with http.tokenFile\n");
            Path wrong = dir.resolve("wrong");
            java.nio.file.Files.writeString(wrong, "c0ffee-51df\n");
            java.nio.file.Files.setPosixFilePermissions(wrong,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
            run = cli("daemon", "suspend", "--url", base.toString(), "--token-file", wrong.toString());
            assertThat(run[1]).isEqualTo("lvmops: the daemon at " + base + " refused the request (401): the token in "
                    + wrong + " is not the daemon's\n");
            assertThat(get(base, "/status").body()).contains("\"suspended\" : false");
            assertThat(cli("daemon", "suspend", "--config", file.toString())).containsExactly("0", "");
            assertThat(get(base, "/status").body()).contains("\"suspended\" : true");
            assertThat(cli("daemon", "resume", "--url", base.toString(), "--token-file", tokenFile.toString())[0])
                    .isEqualTo("0");
            assertThat(get(base, "/status").body()).contains("\"suspended\" : false");
        }
    }

    @Test
    void aNonLoopbackAddressWithoutATokenExitsThreeWithoutStarting() throws Exception {
        Path file = dir.resolve("open.yaml");
        java.nio.file.Files.writeString(file, "spec: {path: .}\nhttp: 0.0.0.0:9283\n");
        String[] run = cli("daemon", "--config", file.toString());
        assertThat(run[0]).isEqualTo("3");
        assertThat(run[1]).startsWith(file + ":2:7: http.tokenFile: the HTTP API on 0.0.0.0:9283 (not a loopback "
                + "address) needs http.tokenFile");
    }

    @Test
    void suspendWithoutADaemonFailsClearly() {
        assertThat(LvmopsCommand.execute("daemon", "resume", "--url", "http://127.0.0.1:1")).isEqualTo(1);
    }

    @Test
    void anInvalidConfigExitsThreeWithoutStarting() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        java.nio.file.Files.writeString(bad, "spec: {path: x}\nmode: maybe\n");
        assertThat(LvmopsCommand.execute("daemon", "--config", bad.toString())).isEqualTo(3);
    }
}
