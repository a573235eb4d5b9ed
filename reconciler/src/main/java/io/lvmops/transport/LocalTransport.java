package io.lvmops.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands on this machine, for lvmops running on the node itself. Same contract as SSH: {@code LC_ALL=C},
 * {@code sudo -n} when asked, no shell in between (the argv goes straight to the kernel), and on timeout the whole
 * process tree is killed.
 */
public final class LocalTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(LocalTransport.class);
    /** Pumps stdin/stdout/stderr of child processes; daemon threads so a stuck pipe never keeps the JVM alive. */
    private static final ExecutorService PUMPS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "lvmops-local-io");
        thread.setDaemon(true);
        return thread;
    });

    private final String node;
    private final boolean sudo;

    public LocalTransport(String node, boolean sudo) {
        this.node = node;
        this.sudo = sudo;
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public CommandResult run(Command command) throws TransportException {
        ProcessBuilder builder = new ProcessBuilder(ExecArgv.forNode(command.argv(), sudo));
        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new TransportException(node, "cannot start " + command.argv().get(0) + " on " + node + ": "
                    + e.getMessage(), e);
        }
        CompletableFuture<Void> stdin = CompletableFuture.runAsync(() -> feed(process.getOutputStream(),
                command.stdin()), PUMPS);
        CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> drain(process.getInputStream(), process,
                command.maxOutputBytes()),
                PUMPS);
        CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream(), process,
                command.maxOutputBytes()),
                PUMPS);
        Duration timeout = command.timeout();
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                killTree(process);
                throw new TransportException(node, "command " + command.argv().get(0) + " on " + node
                        + " did not finish within " + timeout + "; it was killed");
            }
            // The program has exited; its pipes end once any children that inherited them are gone too.
            long left = Math.max(0, timeout.toNanos() - (System.nanoTime() - start));
            CompletableFuture.allOf(stdin, stdout, stderr).get(left + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
            return new CommandResult(process.exitValue(), utf8(stdout.get()), utf8(stderr.get()),
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new TransportException(node, "interrupted while running " + command.argv().get(0) + " on " + node, e);
        } catch (TimeoutException e) {
            killTree(process);
            throw new TransportException(node, "output of " + command.argv().get(0) + " on " + node
                    + " did not end within " + timeout + " (a child process still holds it open); killed", e);
        } catch (ExecutionException e) {
            killTree(process);
            if (e.getCause() instanceof OutputTooLarge) {
                throw new TransportException(node, OutputLimit.message(command.argv().get(0), node,
                        command.maxOutputBytes()), e.getCause());
            }
            throw new TransportException(node, "cannot read the output of " + command.argv().get(0) + " on " + node
                    + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        LOG.debug("killed process tree of pid {}", process.pid());
    }

    private static void feed(OutputStream in, byte[] bytes) {
        try (in) {
            in.write(bytes);
        } catch (IOException e) {
            // The program exited or closed its stdin without reading everything: like a shell pipe, not our error.
            LOG.debug("stdin not fully consumed: {}", e.getMessage());
        }
    }

    /** Reads a stream to its end, at most {@code limit} bytes: past that the program is killed. */
    private static byte[] drain(InputStream out, Process process, int limit) {
        try (out) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            for (int n; (n = out.read(chunk)) >= 0; ) {
                if (buffer.size() + n > limit) {
                    killTree(process);
                    throw new OutputTooLarge();
                }
                buffer.write(chunk, 0, n);
            }
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final class OutputTooLarge extends RuntimeException {
        OutputTooLarge() {
            super("output over its limit", null, false, false);
        }
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        // Nothing is held between commands.
    }
}
