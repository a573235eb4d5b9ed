package io.lvmops.daemon;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lvmops.apply.lock.VgLocks;
import io.lvmops.git.GitCredentials;
import io.lvmops.git.GitSpecException;
import io.lvmops.git.OpenPgpTestKeys;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code spec.git.requireSignedBy} in the daemon (the CLI's --require-signed-by), and the warning that mode correct
 * from Git without it gives at start and in {@code /status}.
 */
class GitDaemonTrustTest {
    static final String NODES = """
            apiVersion: lvmops/v1
            nodes:
              - {name: node1, host: node1.test.com}
              - {name: node2, host: node2.test.com}
            devices:
              - {name: lun_a, path: /dev/mapper/lun_a}
            volumeGroups:
              - {name: vg0, devices: [lun_a]}
            """;
    static final String STORAGE = """
            apiVersion: lvmops/v1
            logicalVolumes:
              - {name: lv01, vg: vg0, size: 1G, owner: node1}
            """;

    @TempDir
    Path tmp;

    private DaemonConfig.GitSource git(Path remote, Path keyring) {
        return new DaemonConfig.GitSource("file://" + remote, "main", "", null, null, null, null, keyring);
    }

    private DaemonConfig config(DaemonConfig.GitSource source, Mode mode) {
        return new DaemonConfig(source, Duration.ofHours(1), Duration.ZERO, Duration.ofHours(1), mode,
                new InetSocketAddress("127.0.0.1", 0), List.of(), new DaemonConfig.RamStore(), Duration.ofHours(1),
                DaemonConfig.Ssh.DEFAULT, tmp.resolve("state"), tmp.resolve("daemon.yaml"));
    }

    @Test
    void requireSignedByRefusesUnsignedAndForeignRevisionsBeforeAnyNodeIsTouched() throws Exception {
        Instant now = Instant.now();
        OpenPgpTestKeys.Key alice = OpenPgpTestKeys.primary("Alice <alice@example.com>",
                now.minus(Duration.ofDays(1)), 0, OpenPgpTestKeys.SIGN);
        OpenPgpTestKeys.Key mallory = OpenPgpTestKeys.primary("Mallory <mallory@example.com>",
                now.minus(Duration.ofDays(1)), 0, OpenPgpTestKeys.SIGN);
        Path keyring = alice.export(tmp.resolve("trusted.asc"));
        Path remote = OpenPgpTestKeys.bareRepository(tmp.resolve("remote.git"));
        Map<String, String> files = Map.of("nodes.yaml", NODES, "storage.yaml", STORAGE);

        AtomicInteger nodeContacts = new AtomicInteger();
        GitDaemonSpecSource source = new GitDaemonSpecSource(git(remote, keyring), GitCredentials.NONE,
                tmp.resolve("cache"));
        PlanningReconcileCycle cycle = new PlanningReconcileCycle(source, node -> {
            nodeContacts.incrementAndGet();
            throw new IllegalStateException("a refused revision must not reach " + node.name());
        }, (spec, node, t) -> {
            nodeContacts.incrementAndGet();
            throw new IllegalStateException("a refused revision must not be observed against");
        }, 2, VgLocks.NONE);
        DaemonState state = new DaemonState();
        Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(60));
        CycleRunner runner = new CycleRunner(cycle, RunLock.inProcess(), state, new DaemonMetrics(), Notifier.NONE,
                SuspendSwitch.inMemory(), Mode.CORRECT, Map.of(JobKind.DRIFT, backoff, JobKind.SYNC, backoff),
                Clock.systemUTC(), new Random(1));

        String unsigned = OpenPgpTestKeys.commit(remote, null, 0, now, files);
        runner.run(JobKind.SYNC);
        RunRecord run = state.snapshot(false, Mode.CORRECT).lastRuns().get("sync");
        assertThat(run.outcome()).isEqualTo("error");
        assertThat(run.message()).isEqualTo("refusing main@sha1:" + unsigned + ": the commit is not signed, and "
                + "spec.git.requireSignedBy " + keyring + " asks for a signature");

        String foreign = OpenPgpTestKeys.commit(remote, mallory, HashAlgorithmTags.SHA256, now, files);
        runner.run(JobKind.SYNC);
        runner.run(JobKind.DRIFT);   // no accepted revision yet: the drift job fetches too, and is refused too
        for (String job : new String[] {"sync", "drift"}) {
            RunRecord r = state.snapshot(false, Mode.CORRECT).lastRuns().get(job);
            assertThat(r.outcome()).isEqualTo("error");
            assertThat(r.message()).isEqualTo("refusing main@sha1:" + foreign + ": it is signed by key "
                    + mallory.signerKeyId() + ", which is not in " + keyring);
        }
        assertThat(nodeContacts).as("nothing observed, planned or applied").hasValue(0);
        assertThat(state.appliedRevision()).isNull();

        String signed = OpenPgpTestKeys.commit(remote, alice, HashAlgorithmTags.SHA256, now, files);
        assertThat(source.fetch().revision()).isEqualTo("main@sha1:" + signed);
        // A missing keyring is a refusal too, naming the setting, never "no signature asked".
        try (GitDaemonSpecSource missing = new GitDaemonSpecSource(git(remote, tmp.resolve("nope.asc")),
                GitCredentials.NONE, tmp.resolve("cache"))) {
            assertThatThrownBy(missing::fetch).isInstanceOf(GitSpecException.class)
                    .hasMessage(tmp.resolve("nope.asc") + ": keyring not found or not readable "
                            + "(spec.git.requireSignedBy)");
        }
        source.close();
    }

    @Test
    void modeCorrectFromGitWithoutRequireSignedByWarnsAtStartAndInStatus() throws Exception {
        Path remote = tmp.resolve("specs.git");
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Daemon.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        String warning = "mode correct applies whatever is pushed to file://" + remote + " (ref main) without "
                + "checking who committed it; set spec.git.requireSignedBy to a keyring of the keys allowed to "
                + "change the storage";
        try (Daemon daemon = Daemon.start(config(git(remote, null), Mode.CORRECT), new FakeCycle())) {
            HttpResponse<String> status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + daemon.httpAddress().getPort() + "/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(status.body()).contains("\"warnings\" : [ \"" + warning + "\" ]");
        } finally {
            log.detachAppender(logged);
        }
        assertThat(logged.list).filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("event=config_warning warning=\"" + warning + "\"");

        assertThat(StartWarnings.of(config(git(remote, null), Mode.REPORT))).as("report mode applies nothing")
                .isEmpty();
        assertThat(StartWarnings.of(config(git(remote, tmp.resolve("k.asc")), Mode.CORRECT))).isEmpty();
        assertThat(StartWarnings.of(new DaemonConfig(new DaemonConfig.PathSource(tmp), Duration.ofHours(1),
                Duration.ZERO, Duration.ofHours(1), Mode.CORRECT, new InetSocketAddress("127.0.0.1", 0), List.of(),
                new DaemonConfig.RamStore(), Duration.ofHours(1), DaemonConfig.Ssh.DEFAULT, tmp.resolve("state"),
                tmp.resolve("daemon.yaml")))).as("a local spec is the machine's own file").isEmpty();
    }
}
