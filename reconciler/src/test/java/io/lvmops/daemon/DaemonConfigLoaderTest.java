package io.lvmops.daemon;

import io.lvmops.model.load.SpecError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DaemonConfigLoaderTest {
    @TempDir
    Path dir;

    private DaemonConfigLoader.Loaded load(String yaml) throws IOException {
        Path f = dir.resolve("daemon.yaml");
        Files.writeString(f, yaml);
        return DaemonConfigLoader.load(f);
    }

    @Test
    void defaultsForAMinimalConfig() throws IOException {
        DaemonConfigLoader.Loaded loaded = load("spec:\n  path: spec\n");
        assertThat(loaded.errors()).isEmpty();
        DaemonConfig c = loaded.config();
        assertThat(c.spec()).isEqualTo(new DaemonConfig.PathSource(dir.resolve("spec")));
        assertThat(c.mode()).isEqualTo(Mode.REPORT);
        assertThat(c.http().getHostString()).isEqualTo("127.0.0.1");
        assertThat(c.http().getPort()).isEqualTo(9283);
        assertThat(c.jobStore()).isInstanceOf(DaemonConfig.RamStore.class);
        assertThat(c.interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.backoffCap()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aConfigOverTheSizeOrLineLimitIsRefusedBeforeParsing() throws IOException {
        Path f = dir.resolve("daemon.yaml");
        assertThat(load("spec:\n  path: spec\n" + "# comment\n".repeat(120_000)).errors()).extracting(SpecError::toString)
                .containsExactly(f + ": the file is 1.1 MiB; a spec file may be at most 1 MiB (refused before parsing)");
        assertThat(load("spec:\n  path: " + "s".repeat(70_000) + "\n").errors()).extracting(SpecError::toString)
                .containsExactly(f + ":2:1: line 2 is longer than 64 KiB; a spec line may be at most 64 KiB (refused before parsing)");
    }

    @Test
    void shippedDefaultConfigIsValid() {
        Path shipped = Path.of("..", "packaging", "daemon.yaml");
        DaemonConfigLoader.Loaded loaded = DaemonConfigLoader.load(shipped);
        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.config().mode()).isEqualTo(Mode.REPORT);
        assertThat(loaded.config().http().getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void fullJdbcConfig() throws IOException {
        Files.writeString(dir.resolve("pw"), "secret\n");
        token("api-token", "rw-r-----", "0123abcd\n");
        DaemonConfigLoader.Loaded loaded = load("""
                spec:
                  git: {url: "https://git.example/specs.git", ref: prod, path: clusters/a, tokenFile: token,
                        caFile: /etc/lvmops/git-ca.pem, requireSignedBy: keys/trusted.asc}
                interval: 30s
                jitter: 5s
                syncInterval: 2m
                mode: correct
                http:
                  listen: 0.0.0.0:9999
                  tokenFile: api-token
                  allowedHosts: [lvmops.example, node7]
                  idleTimeout: 2s
                  readTimeout: 3s
                  threads: 2
                notify: ["https://hooks.example/x"]
                backoffCap: 10m
                jobStore:
                  type: jdbc
                  url: jdbc:postgresql://db:5432/lvmops
                  user: lvmops
                  passwordFile: pw
                  clusterCheckinInterval: 2s
                """);
        assertThat(loaded.errors()).isEmpty();
        DaemonConfig c = loaded.config();
        assertThat(c.spec()).isEqualTo(new DaemonConfig.GitSource("https://git.example/specs.git", "prod", "clusters/a",
                null, null, dir.resolve("token"), Path.of("/etc/lvmops/git-ca.pem"), dir.resolve("keys/trusted.asc")));
        assertThat(c.mode()).isEqualTo(Mode.CORRECT);
        assertThat(c.jitter()).isEqualTo(Duration.ofSeconds(5));
        DaemonConfig.JdbcStore store = (DaemonConfig.JdbcStore) c.jobStore();
        assertThat(store.passwordFile()).isEqualTo(dir.resolve("pw"));
        assertThat(store.clusterCheckinInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(store.toString()).doesNotContain("secret");
        assertThat(c.http().getPort()).isEqualTo(9999);
        assertThat(c.httpApi()).isEqualTo(new DaemonConfig.HttpApi(dir.resolve("api-token"),
                java.util.List.of("lvmops.example", "node7"), Duration.ofSeconds(2), Duration.ofSeconds(3), 2));
    }

    private Path token(String name, String perms, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString(perms));
        return f;
    }

    @Test
    void anIntervalLongerThanTheDefaultBackoffCapIsAnErrorNotACrash() throws IOException {
        assertThat(load("spec: {path: spec}\ninterval: 1h\n").errors()).extracting(SpecError::toString)
                .containsExactly(dir.resolve("daemon.yaml") + ":2:11: backoffCap: must be at least interval (default 15m)");
    }

    @Test
    void aNonLoopbackAddressWithoutATokenFileIsRefused() throws IOException {
        Path f = dir.resolve("daemon.yaml");
        assertThat(load("spec: {path: spec}\nhttp: 0.0.0.0:9283\n").errors()).extracting(SpecError::toString)
                .singleElement().asString().startsWith(f + ":2:7: http.tokenFile: the HTTP API on 0.0.0.0:9283 "
                        + "(not a loopback address) needs http.tokenFile");
        assertThat(load("spec: {path: spec}\nhttp:\n  listen: 192.0.2.1:9283\n").errors())
                .extracting(SpecError::toString).singleElement().asString()
                .startsWith(f + ":3:3: http.tokenFile: the HTTP API on 192.0.2.1:9283");
        // loopback without a token: allowed (POST then works for local users only)
        assertThat(load("spec: {path: spec}\nhttp: {listen: \"[::1]:9283\"}\n").errors()).isEmpty();
    }

    @Test
    void aTokenFileMustBeReadableNonEmptyAndPrivate() throws IOException {
        Path f = dir.resolve("daemon.yaml");
        String config = "spec: {path: spec}\nhttp: {listen: 0.0.0.0:1, tokenFile: t}\n";
        token("t", "rw-r--r--", "abc\n");
        assertThat(load(config).errors()).extracting(SpecError::toString).containsExactly(f + ":2:38: http.tokenFile: "
                + dir.resolve("t") + " is rw-r--r--; a token file must not be readable by others nor writable by its "
                + "group (chmod 0600 or 0640)");
        token("t", "rw-------", "\n  \n");
        assertThat(load(config).errors()).extracting(SpecError::toString).containsExactly(f + ":2:38: http.tokenFile: "
                + dir.resolve("t") + " is empty; put a token in it, e.g. openssl rand -hex 32");
        Files.delete(dir.resolve("t"));
        assertThat(load(config).errors()).extracting(SpecError::toString).singleElement().asString()
                .startsWith(f + ":2:38: http.tokenFile: cannot read " + dir.resolve("t"));
        token("t", "rw-r-----", "s3cret\n");
        assertThat(load(config).errors()).isEmpty();
    }

    @Test
    void everyErrorNamesFileLineAndField() throws IOException {
        DaemonConfigLoader.Loaded loaded = load("""
                spec:
                  path: spec
                interval: 10 minutes
                mode: fix
                http: localhost
                notify: [ftp://x/y]
                jobStore: {type: jdbc, url: "jdbc:mysql://x/y"}
                colour: red
                """);
        assertThat(loaded.valid()).isFalse();
        assertThat(loaded.errors()).extracting(SpecError::toString).containsExactly(
                dir.resolve("daemon.yaml") + ":3:11: interval: expected a duration like 500ms, 30s, 5m or 1h, got '10 minutes'",
                dir.resolve("daemon.yaml") + ":4:7: mode: unknown mode 'fix'; expected report or correct",
                dir.resolve("daemon.yaml") + ":5:7: http: expected HOST:PORT, e.g. 127.0.0.1:9283, got 'localhost'",
                dir.resolve("daemon.yaml") + ":6:10: notify[0]: expected an http:// or https:// URL, got 'ftp://x/y'",
                dir.resolve("daemon.yaml") + ":7:11: jobStore.user: missing required key 'user'",
                dir.resolve("daemon.yaml") + ":7:29: jobStore.url: only PostgreSQL is supported: jdbc:postgresql://HOST:PORT/DB",
                dir.resolve("daemon.yaml") + ":8:1: colour: unknown key 'colour'; expected one of: backoffCap, http, "
                        + "interval, jitter, jobStore, mode, notify, spec, ssh, stateDir, syncInterval");
    }

    @Test
    void missingSpecAndSyntaxErrors() throws IOException {
        assertThat(load("mode: report\n").errors()).extracting(SpecError::toString)
                .containsExactly(dir.resolve("daemon.yaml") + ":1:1: spec: missing required key 'spec' "
                        + "(path: DIR, or git: {url, ref, path})");
        assertThat(load("spec: [\n").errors().get(0).toString()).startsWith(dir.resolve("daemon.yaml") + ":2:1: YAML syntax error");
        assertThat(DaemonConfigLoader.load(dir.resolve("nope.yaml")).errors().get(0).toString())
                .startsWith(dir.resolve("nope.yaml") + ": cannot read the daemon configuration");
    }
}
