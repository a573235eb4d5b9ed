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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Figures: the daemon process' resident memory and CPU while idle against the lab's two nodes. The daemon runs as a
 * separate JVM (the shipped defaults apart from a 30 s interval) in mode correct; once its first sync has created
 * the storage and a drift run found nothing to do, its {@code /proc/PID/stat} CPU ticks are read 60 s apart and its
 * {@code VmRSS}/{@code VmHWM} from {@code /proc/PID/status}.
 */
@Tag("bench")
@EnabledIf(value = "io.lvmops.lab.Lab#available", disabledReason = "lab/lab is absent from this checkout")
@ExtendWith(LabExtension.class)
@LabSize(nodes = 2, luns = 1, lunSize = "2G")
class DaemonIdleBench {
    private static final long CLK_TCK = 100; // getconf CLK_TCK on Linux/x86_64
    @TempDir
    Path tmp;

    @Test
    void idleMemoryAndCpu(Lab lab) throws Exception {
        String storage = Files.readString(lab.repositoryRoot().resolve("examples/two-nodes/storage.yaml"));
        lab.specDirectory(tmp.resolve("spec"), Map.of("storage.yaml", storage));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(tmp.resolve("daemon.yaml"), """
                spec: {path: spec}
                stateDir: state
                interval: 30s
                jitter: 5s
                syncInterval: 1m
                mode: correct
                http: 127.0.0.1:%d
                """.formatted(port));
        Path log = tmp.resolve("daemon.log");
        Process daemon = DaemonProcesses.start(lab.repositoryRoot(), tmp.resolve("out"), log, "daemon", "--config",
                tmp.resolve("daemon.yaml").toString());
        URI status = URI.create("http://127.0.0.1:" + port + "/status");
        try {
            awaitStatus(status, "\"outcome\" : \"ok\"", log);
            long pid = daemon.pid();
            long before = cpuTicks(pid);
            long start = System.nanoTime();
            TimeUnit.SECONDS.sleep(60); // the measurement window itself
            long ticks = cpuTicks(pid) - before;
            double seconds = (System.nanoTime() - start) / 1e9;
            String proc = Files.readString(Path.of("/proc/" + pid + "/status"));
            System.out.printf("[bench] daemon idle with the lab's 2 nodes (interval 30s, sync 1m), pid %d: "
                            + "CPU %.2f s over %.0f s = %.2f %% of one core; %s; %s; load average %s%n", pid,
                    ticks / (double) CLK_TCK, seconds, 100.0 * ticks / CLK_TCK / seconds, line(proc, "VmRSS"),
                    line(proc, "VmHWM"), Files.readString(Path.of("/proc/loadavg")).trim());
        } finally {
            daemon.destroy();
            daemon.waitFor(2, TimeUnit.MINUTES);
        }
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
    }

    private static String line(String procStatus, String key) {
        return procStatus.lines().filter(l -> l.startsWith(key + ":")).findFirst().orElse(key + ": ?")
                .replaceAll("\\s+", " ");
    }

    private static void awaitStatus(URI uri, String text, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                String body = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                        .body();
                if (body.contains("\"appliedRevision\" : \"sha256:") && body.contains(text)) {
                    return;
                }
            } catch (IOException starting) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new AssertionError("daemon never idle; log:\n" + Files.readString(log));
    }
}
