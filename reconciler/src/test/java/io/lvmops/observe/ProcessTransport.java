package io.lvmops.observe;

import io.lvmops.transport.Command;
import io.lvmops.transport.CommandResult;
import io.lvmops.transport.Transport;
import io.lvmops.transport.TransportException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-scope transport that runs the argv on this host with ProcessBuilder (no shell in between) and counts its
 * execs. Stands in for the transport branch's LocalTransport until that lands.
 */
public final class ProcessTransport implements Transport {
    private final String node;
    private final Map<String, String> env;
    public final AtomicInteger execs = new AtomicInteger();

    public ProcessTransport(String node, Map<String, String> env) {
        this.node = node;
        this.env = env;
    }

    public ProcessTransport(String node) {
        this(node, Map.of());
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public CommandResult run(Command command) throws TransportException {
        execs.incrementAndGet();
        long start = System.nanoTime();
        try {
            ProcessBuilder pb = new ProcessBuilder(command.argv());
            pb.environment().put("LC_ALL", "C");
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().write(command.stdin());
            p.getOutputStream().close();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            if (!p.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new TransportException(node, "timed out after " + command.timeout());
            }
            return new CommandResult(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new TransportException(node, "cannot run " + command.argv().get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(node, "interrupted", e);
        }
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    @Override
    public void close() {
    }
}
