package io.lvmops.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The daemon's HTTP API, on loopback unless configured otherwise: {@code GET /healthz}, {@code GET /status} (JSON),
 * {@code GET /metrics} (Prometheus text), {@code POST /suspend} and {@code POST /resume}.
 */
public final class DaemonHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonHttpServer.class);
    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    public DaemonHttpServer(InetSocketAddress address, Supplier<Object> status, Supplier<String> metrics,
                            BooleanSupplier healthy, SuspendSwitch suspend) throws IOException {
        server = HttpServer.create(address, 16);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lvmops-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/healthz", ex -> {
            if (get(ex)) {
                boolean ok = healthy.getAsBoolean();
                send(ex, ok ? 200 : 503, "text/plain", ok ? "ok\n" : "scheduler not running\n");
            }
        });
        server.createContext("/status", ex -> {
            if (get(ex)) {
                send(ex, 200, "application/json", json.writeValueAsString(status.get()) + "\n");
            }
        });
        server.createContext("/metrics", ex -> {
            if (get(ex)) {
                send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get());
            }
        });
        server.createContext("/suspend", ex -> toggle(ex, suspend, true));
        server.createContext("/resume", ex -> toggle(ex, suspend, false));
    }

    public void start() {
        server.start();
        LOG.info("event=http_listening address={}", address());
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void toggle(HttpExchange ex, SuspendSwitch suspend, boolean suspended) throws IOException {
        if (!"POST".equals(ex.getRequestMethod())) {
            ex.getResponseHeaders().set("Allow", "POST");
            send(ex, 405, "text/plain", "use POST\n");
            return;
        }
        try {
            suspend.set(suspended);
        } catch (RuntimeException e) {
            send(ex, 500, "text/plain", CycleRunner.oneLine(e.getMessage()) + "\n");
            return;
        }
        LOG.info("event={} remote={}", suspended ? "suspended" : "resumed", ex.getRemoteAddress().getAddress()
                .getHostAddress());
        send(ex, 200, "application/json", json.writeValueAsString(Map.of("suspended", suspended)) + "\n");
    }

    private static boolean get(HttpExchange ex) throws IOException {
        if ("GET".equals(ex.getRequestMethod()) || "HEAD".equals(ex.getRequestMethod())) {
            return true;
        }
        ex.getResponseHeaders().set("Allow", "GET");
        send(ex, 405, "text/plain", "use GET\n");
        return false;
    }

    private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(code, "HEAD".equals(ex.getRequestMethod()) ? -1 : bytes.length);
        if (!"HEAD".equals(ex.getRequestMethod())) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
