package io.lvmops.chaos;

import io.lvmops.lab.Lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Samples every node's device-mapper devices every half second, each node over one SSH channel kept open (and
 * opened again after a power-off or a cut), into a {@link DmTimeline}. A listing that fails is dropped, never read as
 * "nothing mapped". The LVM lock LV of a sanlock VG ({@code VG-lvmlock}) is mapped on every node by design and is
 * left out.
 */
final class DmSampler implements AutoCloseable {
    /** The marker keeps the campaign's own sessions alive when a fault cuts SSH sessions on a node. */
    static final String SCRIPT = "CHAOS_KEEP=1; while :; do echo S; if out=$(dmsetup info -c --noheadings"
            + " -o name,uuid --separator ' ' 2>/dev/null); then printf '%s\\n' \"$out\" | grep ' LVM-'; echo E;"
            + " else echo X; fi; sleep 0.5; done";

    private final Lab lab;
    private final DmTimeline timeline;
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    DmSampler(Lab lab, DmTimeline timeline) {
        this.lab = lab;
        this.timeline = timeline;
    }

    DmSampler start() {
        for (String node : lab.nodeNames()) {
            Thread t = new Thread(() -> sample(node), "dm-sampler-" + node);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        return this;
    }

    /** Waits until every node has given {@code n} more samples than now (or the timeout). */
    void awaitFreshSamples(int n, long timeoutMillis) throws InterruptedException {
        Map<String, Long> before = new HashMap<>();
        timeline.latest().forEach((node, s) -> before.put(node, s.endNanos()));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            Map<String, DmTimeline.Sample> latest = timeline.latest();
            boolean all = lab.nodeNames().stream().allMatch(node -> latest.containsKey(node)
                    && latest.get(node).endNanos() > before.getOrDefault(node, Long.MIN_VALUE)
                    && timeline.countAfter(node, before.getOrDefault(node, Long.MIN_VALUE)) >= n);
            if (all) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private void sample(String node) {
        while (!stopped) {
            try {
                Process p = lab.startSsh(node, SCRIPT);
                processes.put(node, p);
                read(node, p);
                p.destroy();
            } catch (IOException e) {
                // the node is down or the connection was cut: start over
            }
            try {
                TimeUnit.SECONDS.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void read(String node, Process p) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            long start = 0;
            Map<String, String> mapped = null;
            String line;
            while ((line = r.readLine()) != null && !stopped) {
                long now = System.nanoTime();
                if (line.equals("S")) {
                    start = now;
                    mapped = new HashMap<>();
                } else if (line.equals("E") && mapped != null) {
                    timeline.add(new DmTimeline.Sample(node, start, now, Map.copyOf(mapped)));
                    mapped = null;
                } else if (line.equals("X")) {
                    mapped = null;
                } else if (mapped != null) {
                    String[] f = line.trim().split(" ");
                    if (f.length == 2 && f[1].startsWith("LVM-") && !f[0].endsWith("-lvmlock")) {
                        mapped.put(f[1], f[0]);
                    }
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        processes.values().forEach(Process::destroy);
        for (Thread t : threads) {
            t.join(5_000);
        }
    }
}
