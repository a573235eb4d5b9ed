package io.lvmops.daemon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HA for real: a throwaway PostgreSQL 15 (Debian's package, in a container: {@link PostgresServer}), two {@code lvmops daemon} processes sharing the
 * clustered JDBC job store, each run traced to a shared file by {@link TraceCycleFactory}. The active daemon is
 * killed with SIGKILL in the middle of a run; the other one must take over, and no two runs may ever overlap.
 */
class DaemonHaPostgresTest {
    @TempDir
    Path dir;

    record Line(long pid, String job, String what, long at) {
        static Line parse(String s) {
            String[] p = s.split(" ");
            return new Line(Long.parseLong(p[0]), p[1], p[2], Long.parseLong(p[3]));
        }
    }

    @Test
    void theOtherDaemonTakesOverAfterAKillAndRunsNeverOverlap() throws Exception {
        String password = "pw-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        try (PostgresServer pg = PostgresServer.start(password)) {
            Files.writeString(dir.resolve("db-password"), password + "\n");
            Files.createDirectories(dir.resolve("spec"));
            Path a = config("a", pg);
            Path b = config("b", pg);
            Map<Long, Process> daemons = new HashMap<>();
            Process pa = daemon(a, "a");
            daemons.put(pa.pid(), pa);
            awaitTrace(l -> l.stream().anyMatch(x -> x.what().equals("end")), Duration.ofSeconds(60));
            Process pb = daemon(b, "b");
            daemons.put(pb.pid(), pb);
            try {
                // both members up and several runs done
                awaitTrace(l -> l.stream().filter(x -> x.what().equals("end")).count() >= 6, Duration.ofSeconds(90));
                // wait for a run in progress, then kill its daemon in the middle of it
                Line running = awaitRunning(Duration.ofSeconds(30));
                Process victim = daemons.get(running.pid());
                long killAt = System.currentTimeMillis();
                victim.destroyForcibly();
                victim.waitFor(30, TimeUnit.SECONDS);
                long survivor = daemons.keySet().stream().filter(p -> p != running.pid()).findFirst().orElseThrow();
                List<Line> after = awaitTrace(l -> l.stream().anyMatch(x -> x.pid() == survivor
                        && x.job().equals(running.job()) && x.what().equals("start") && x.at() > killAt),
                        Duration.ofSeconds(90));
                long firstRun = after.stream().filter(x -> x.pid() == survivor && x.what().equals("start")
                        && x.at() > killAt).mapToLong(Line::at).min().orElseThrow();
                long sameJob = after.stream().filter(x -> x.pid() == survivor && x.job().equals(running.job())
                        && x.what().equals("start") && x.at() > killAt).mapToLong(Line::at).min().orElseThrow();
                System.out.printf("[ha] killed pid %d (%s run started %d ms before); survivor pid %d: first run "
                                + "%d ms after the kill, the killed job (%s) again %d ms after the kill "
                                + "(clusterCheckinInterval 1000 ms)%n", running.pid(), running.job(),
                        killAt - running.at(), survivor, firstRun - killAt, running.job(), sameJob - killAt);
                // Quartz detects the dead member after a missed check-in plus one interval of grace (ClusteredJobStore)
                assertThat(sameJob - killAt).isLessThan(10_000);
                // a clean stop of the survivor: SIGTERM finishes its run
                int ends = (int) after.stream().filter(x -> x.pid() == survivor && x.what().equals("end")).count();
                awaitTrace(l -> l.stream().filter(x -> x.pid() == survivor && x.what().equals("end")).count()
                        >= ends + 2, Duration.ofSeconds(60));
                Process last = daemons.get(survivor);
                last.destroy();
                assertThat(last.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(last.exitValue()).isEqualTo(143); // SIGTERM, after the shutdown hook ran
                List<Line> all = read();
                Line finalLine = all.stream().filter(x -> x.pid() == survivor).reduce((x, y) -> y).orElseThrow();
                assertThat(finalLine.what()).as("the survivor's last run finished before it exited").isEqualTo("end");
                assertNoOverlap(all, running.pid(), killAt);
            } finally {
                daemons.values().forEach(Process::destroyForcibly);
            }
            for (String name : List.of("a", "b")) {
                String log = Files.readString(dir.resolve(name + ".log"));
                assertThat(log).contains("event=daemon_started").contains("store=jdbc").contains("event=run_finished");
                assertThat(log).as("the database password never reaches the log").doesNotContain(password);
            }
        }
    }

    /** Every run's [start, end] (the killed run ends at the kill) is disjoint from every other run's. */
    private static void assertNoOverlap(List<Line> lines, long killedPid, long killAt) {
        record Run(long pid, String job, long start, long end) {
        }
        List<Run> runs = new ArrayList<>();
        Map<Long, Line> open = new HashMap<>();
        for (Line l : lines) {
            if (l.what().equals("start")) {
                assertThat(open.put(l.pid(), l)).as("pid %d started twice without an end", l.pid()).isNull();
            } else {
                Line s = open.remove(l.pid());
                assertThat(s).isNotNull();
                runs.add(new Run(l.pid(), s.job(), s.at(), l.at()));
            }
        }
        open.forEach((pid, s) -> {
            assertThat(pid).as("only the killed daemon may leave a run without an end").isEqualTo(killedPid);
            runs.add(new Run(pid, s.job(), s.at(), killAt));
        });
        runs.sort((x, y) -> Long.compare(x.start(), y.start()));
        for (int i = 1; i < runs.size(); i++) {
            assertThat(runs.get(i).start()).as("run %s starts before %s ended", runs.get(i), runs.get(i - 1))
                    .isGreaterThanOrEqualTo(runs.get(i - 1).end());
        }
        assertThat(runs.stream().map(Run::pid).distinct().count()).isEqualTo(2);
        System.out.printf("[ha] %d runs by 2 daemons, none overlapping%n", runs.size());
    }

    private Path config(String name, PostgresServer pg) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, """
                spec: {path: spec}
                stateDir: state
                interval: 1s
                syncInterval: 1s
                mode: correct
                backoffCap: 5s
                http: 127.0.0.1:%d
                jobStore:
                  type: jdbc
                  url: "%s"
                  user: lvmops
                  passwordFile: db-password
                  clusterCheckinInterval: 1s
                  instanceId: %s
                """.formatted(port, pg.jdbcUrl(), name));
        return f;
    }

    private Process daemon(Path config, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the daemon's own logging configuration, not the tests' (which only shows warnings)
        String logback = Path.of(URI.create(getClass().getClassLoader().getResource("logback.xml")
                .toString())).toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-Dlogback.configurationFile=" + logback, "-cp", System.getProperty("java.class.path"),
                "io.lvmops.cli.LvmopsCommand", "daemon", "--config", config.toString(),
                "--cycle-factory", TraceCycleFactory.class.getName());
        pb.environment().put("LVMOPS_TRACE_WORK_MS", "1500");
        pb.redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        return pb.start();
    }

    private List<Line> read() throws IOException {
        Path trace = dir.resolve("trace.log");
        if (!Files.exists(trace)) {
            return List.of();
        }
        return Files.readAllLines(trace).stream().filter(s -> !s.isBlank()).map(Line::parse).toList();
    }

    /** Polls the trace written by the daemon processes (another process: there is nothing to wait on but the file). */
    private List<Line> awaitTrace(Predicate<List<Line>> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Line> lines = read();
            if (done.test(lines)) {
                return lines;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out; trace:\n" + String.join("\n", Files.exists(dir.resolve("trace.log"))
                ? Files.readAllLines(dir.resolve("trace.log")) : List.of()) + "\nlog a:\n" + tail("a") + "\nlog b:\n"
                + tail("b"));
    }

    private String tail(String name) throws IOException {
        Path p = dir.resolve(name + ".log");
        if (!Files.exists(p)) {
            return "";
        }
        List<String> l = Files.readAllLines(p);
        return String.join("\n", l.subList(Math.max(0, l.size() - 30), l.size()));
    }

    /** A run that started at least 300 ms ago and has not ended. */
    private Line awaitRunning(Duration timeout) throws Exception {
        Optional<Line>[] found = new Optional[]{Optional.empty()};
        awaitTrace(l -> {
            Line last = l.isEmpty() ? null : l.get(l.size() - 1);
            if (last != null && last.what().equals("start") && System.currentTimeMillis() - last.at() >= 300) {
                found[0] = Optional.of(last);
                return true;
            }
            return false;
        }, timeout);
        return found[0].orElseThrow();
    }
}
