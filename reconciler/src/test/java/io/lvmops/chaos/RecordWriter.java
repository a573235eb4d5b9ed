package io.lvmops.chaos;

import io.lvmops.lab.Lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A writer on an LV's owner: appends numbered, checksummed records to a file on the mounted filesystem, each made
 * durable ({@code sync FILE}: fsync) before it is acknowledged on the SSH channel. A record is acknowledged once its
 * ACK line has reached the control machine; {@link #lost} reads the file on the final owner and counts the
 * acknowledged records that are missing or whose checksum does not match.
 */
final class RecordWriter implements AutoCloseable {
    private final Lab lab;
    private final String node;
    private final String file;
    private final String tag;
    private final AtomicInteger lastAck = new AtomicInteger();
    private Process process;
    private Thread reader;

    RecordWriter(Lab lab, String node, String file, String tag) {
        this.lab = lab;
        this.node = node;
        this.file = file;
        this.tag = tag;
    }

    String node() {
        return node;
    }

    String file() {
        return file;
    }

    RecordWriter start() throws IOException {
        String script = "CHAOS_KEEP=1 CHAOS_WRITER_" + tag + "=1; f=" + file + "; i=0; while :; do i=$((i+1));"
                + " s=$(printf '%s %s' " + tag + " $i | md5sum | cut -c1-32); echo \"$i $s\" >>$f || exit 1;"
                + " sync $f || exit 1; echo \"ACK $i\"; sleep 0.3; done";
        process = lab.startSsh(node, script);
        reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("ACK ")) {
                        lastAck.set(Integer.parseInt(line.substring(4).trim()));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // the node went away: what was acknowledged stays acknowledged
            }
        }, "record-writer-" + node);
        reader.setDaemon(true);
        reader.start();
        return this;
    }

    int acknowledged() {
        return lastAck.get();
    }

    /** Waits until at least {@code n} records are acknowledged; false on timeout or if the writer died. */
    boolean awaitAcknowledged(int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (lastAck.get() < n && System.nanoTime() < deadline && process.isAlive()) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return lastAck.get() >= n;
    }

    /** Stops the writer on the node (if it still answers) and here; returns the last acknowledged record. */
    int stop() throws InterruptedException {
        try {
            lab.ssh(node, "pkill -f 'CHAOS_WRITE[R]_" + tag + "'; true");
        } catch (IOException e) {
            // the node is down: its writer is gone with it
        }
        if (process != null) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            reader.join(5_000);
        }
        return lastAck.get();
    }

    /**
     * Reads the file on {@code owner} and returns how many of records 1..{@code acknowledged} are missing or corrupt,
     * or -1 when the file cannot be read there.
     */
    int lost(String owner, int acknowledged) throws IOException {
        Lab.Result r = lab.ssh(owner, "cat " + file);
        if (r.exitCode() != 0) {
            return -1;
        }
        return countLost(r.stdout(), tag, acknowledged);
    }

    static int countLost(String content, String tag, int acknowledged) {
        Map<Integer, String> found = new HashMap<>();
        for (String line : content.lines().toList()) {
            List<String> f = List.of(line.trim().split(" "));
            if (f.size() == 2 && f.get(0).matches("\\d{1,9}")) {
                found.putIfAbsent(Integer.parseInt(f.get(0)), f.get(1));
            }
        }
        int lost = 0;
        for (int i = 1; i <= acknowledged; i++) {
            if (!checksum(tag, i).equals(found.get(i))) {
                lost++;
            }
        }
        return lost;
    }

    static String checksum(String tag, int i) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest((tag + " " + i).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
