package io.lvmops.daemon;

import io.lvmops.lab.Lab;
import io.lvmops.lab.LabExtension;
import io.lvmops.lab.LabSize;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon as a process against the QEMU lab in mode correct: it creates the storage of
 * {@code examples/two-nodes}, corrects a rogue {@code lvchange -ay} on the non-owner in the first drift run after
 * it, shows the double-activation gauge going 1 → 0, does nothing while suspended, and applies a Git commit that
 * changes an LV's owner within one sync. Assertions on placement use what the nodes' own LVM says over SSH.
 */
@Tag("lab")
@EnabledIf(value = "io.lvmops.lab.Lab#available", disabledReason = "lab/lab is absent from this checkout")
@ExtendWith(LabExtension.class)
@LabSize(nodes = 2, luns = 1, lunSize = "2G")
class DaemonLabTest {
    private static final String LV = "vg0/lv01";
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Pattern DOUBLE = Pattern.compile("(?m)^lvmops_lvs_active_on_multiple_nodes (\\S+)$");

    @TempDir
    Path tmp;
    private final HttpClient http = HttpClient.newHttpClient();
    private URI base;

    @Test
    void correctsRogueActivationSuspendsAndAppliesAnOwnerChange(Lab lab) throws Exception {
        // guard: none, so that a rogue `lvchange -ay` really activates lv01 on node2 and the daemon's correction is
        // what gets measured (with guard: tags LVM itself refuses it: GuardTagsLabTest proves that layer).
        String storage = Files.readString(lab.repositoryRoot().resolve("examples/two-nodes/storage.yaml"))
                .replaceFirst("guard: tags\\b", "guard: none");
        assertThat(storage).contains("owner: node1").contains("guard: none");
        // the spec lives in a Git repository (file://), as in production
        Path repo = tmp.resolve("repo");
        Path spec = lab.specDirectory(repo.resolve("spec"), Map.of("storage.yaml", storage));
        git(repo, "init", "-q", "-b", "main");
        git(repo, "add", "spec");
        git(repo, "commit", "-q", "-m", "lv01 on node1");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = URI.create("http://127.0.0.1:" + port);
        Path config = tmp.resolve("daemon.yaml");
        Files.writeString(config, """
                spec: {git: {url: "file://%s", ref: main, path: spec}}
                stateDir: state
                interval: 10s
                jitter: 1s
                syncInterval: 10s
                mode: correct
                backoffCap: 40s
                http: 127.0.0.1:%d
                """.formatted(repo, port));
        Path log = tmp.resolve("daemon.log");
        Process daemon = DaemonProcesses.start(lab.repositoryRoot(), tmp.resolve("daemon.out"), log, "daemon",
                "--config", config.toString());
        try {
            // 1. the first sync creates the storage from a blank LUN
            long t = System.nanoTime();
            awaitStatus(s -> s.contains("\"appliedRevision\" : \"main@sha1:"), Duration.ofMinutes(8), log);
            System.out.printf("[daemon-lab] first sync applied in %.1f s%n", (System.nanoTime() - t) / 1e9);
            awaitNodes(lab, "node1", Duration.ofMinutes(2));
            assertThat(lvActive(lab, "node2")).isEmpty();

            // 2. a rogue activation on the non-owner: corrected by the first drift run that starts after it
            Instant rogueAt = Instant.now();
            lab.sshOk("node2", "lvm lvchange -ay " + LV);
            t = System.nanoTime();
            boolean sawOne = false;
            long deadline = System.nanoTime() + INTERVAL.multipliedBy(2).plusMinutes(2).toNanos();
            while (!lvActive(lab, "node2").isEmpty() && System.nanoTime() < deadline) {
                sawOne |= "1.0".equals(doubleGauge());
                TimeUnit.MILLISECONDS.sleep(200);
            }
            double took = (System.nanoTime() - t) / 1e9;
            assertThat(lvActive(lab, "node2")).as("rogue activation corrected").isEmpty();
            assertThat(lvActive(lab, "node1")).isEqualTo("active");
            String drift = runOf(status(), "drift");
            assertThat(Instant.parse(field(drift, "started"))).isAfter(rogueAt);
            assertThat(field(drift, "outcome")).isEqualTo("corrected");
            System.out.printf("[daemon-lab] rogue activation on node2 corrected %.1f s after it (interval %d s)%n",
                    took, INTERVAL.toSeconds());
            // 3. the double-activation gauge: 1 from the correcting run's observation (published when that run ends),
            // 0 from the next run's
            if (!sawOne) {
                awaitMetric("1.0", Duration.ofMinutes(2));
            }
            awaitMetric("0.0", Duration.ofMinutes(2));

            // 4. suspended: observation goes on, the rogue activation stays
            assertThat(io.lvmops.cli.LvmopsCommand.execute("daemon", "suspend", "--url", base.toString())).isZero();
            Instant suspendedAt = Instant.now();
            lab.sshOk("node2", "lvm lvchange -ay " + LV);
            awaitStatus(s -> {
                String r = runOf(s, "drift");
                return r != null && Instant.parse(field(r, "started")).isAfter(suspendedAt.plusSeconds(1))
                        && field(r, "outcome").equals("drift");
            }, Duration.ofMinutes(2), log);
            assertThat(lvActive(lab, "node2")).as("no correction while suspended").isEqualTo("active");
            assertThat(doubleGauge()).isEqualTo("1.0");
            assertThat(io.lvmops.cli.LvmopsCommand.execute("daemon", "resume", "--url", base.toString())).isZero();
            awaitNodes(lab, "node1", Duration.ofMinutes(2));

            // 5. a Git commit moves the LV to node2 while it is mounted on node1, its previous owner: the next sync
            // picks the revision up and hands lv01 over (umount, deactivate, verify, activate, mount) by itself.
            Files.writeString(spec.resolve("storage.yaml"), storage.replaceFirst("owner: node1\\b", "owner: node2"));
            git(repo, "commit", "-q", "-am", "move lv01 to node2");
            Instant committed = Instant.now();
            t = System.nanoTime();
            awaitNodes(lab, "node2", INTERVAL.plusMinutes(2));
            System.out.printf("[daemon-lab] owner change applied on the nodes %.1f s after the commit%n",
                    (System.nanoTime() - t) / 1e9);
            assertThat(lab.ssh("node2", "findmnt -n -o TARGET /mnt/t_lv01").stdout().trim()).isEqualTo("/mnt/t_lv01");
            String sync = runOf(awaitStatus(st -> {
                String r = runOf(st, "sync");
                return r != null && !Instant.parse(field(r, "started")).isBefore(committed.minusSeconds(1));
            }, Duration.ofMinutes(2), log), "sync");
            Duration pickedUp = Duration.between(committed, Instant.parse(field(sync, "started")));
            System.out.printf("[daemon-lab] the first sync after the commit started %.1f s after it%n",
                    pickedUp.toMillis() / 1000.0);
            // one sync period, plus jitter and a drift run that may hold the shared run lock at that moment
            assertThat(pickedUp).isLessThan(INTERVAL.multipliedBy(2).plusSeconds(60));
            String head = git(repo, "rev-parse", "HEAD").strip();
            awaitStatus(st -> st.contains("\"appliedRevision\" : \"main@sha1:" + head)
                    && st.contains("\"lv\" : \"vg0/lv01\",\n    \"owner\" : \"node2\""), Duration.ofMinutes(2), log);
        } finally {
            daemon.destroy(); // SIGTERM: clean shutdown
            assertThat(daemon.waitFor(3, TimeUnit.MINUTES)).isTrue();
            System.out.println("[daemon-lab] daemon log:\n" + Files.readString(log));
        }
        String text = Files.readString(log);
        assertThat(text).contains("event=step_applied").contains("event=daemon_stopped");
    }

    private static String git(Path repo, String... args) throws Exception {
        java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("git", "-c", "user.name=lvmops test",
                "-c", "user.email=test@lvmops.invalid", "-c", "commit.gpgsign=false"));
        argv.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(argv).directory(repo.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("git %s: %s", String.join(" ", args), out).isZero();
        return out;
    }

    private void awaitNodes(Lab lab, String owner, Duration timeout) throws Exception {
        String other = owner.equals("node1") ? "node2" : "node1";
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (lvActive(lab, owner).equals("active") && lvActive(lab, other).isEmpty()) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new AssertionError(LV + " not only on " + owner + "; status:\n" + status());
    }

    private static String lvActive(Lab lab, String node) throws IOException {
        Lab.Result r = lab.ssh(node, "lvm lvs --noheadings -o lv_active " + LV + " 2>/dev/null");
        return r.stdout().trim();
    }

    private String status() throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve("/status")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private String doubleGauge() throws Exception {
        Matcher m = DOUBLE.matcher(http.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        return m.find() ? m.group(1) : null;
    }

    private void awaitMetric(String value, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (value.equals(doubleGauge())) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new AssertionError("double-activation gauge never " + value);
    }

    /** Polls the daemon's /status (a separate process: nothing to wait on but its API). */
    private String awaitStatus(Predicate<String> done, Duration timeout, Path log) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = status();
                if (done.test(last)) {
                    return last;
                }
            } catch (IOException notUpYet) {
                // the daemon is still starting
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new AssertionError("timed out; status:\n" + last + "\nlog:\n" + Files.readString(log));
    }

    /** The JSON object of lastRuns.JOB in the status text (the status is pretty-printed by Jackson). */
    private static String runOf(String status, String job) {
        Matcher m = Pattern.compile("\"" + job + "\" : \\{([^}]*)}").matcher(status);
        return m.find() ? m.group(1) : null;
    }

    private static String field(String object, String name) {
        Matcher m = Pattern.compile("\"" + name + "\" : \"([^\"]*)\"").matcher(object);
        return m.find() ? m.group(1) : "";
    }
}
