package io.lvmops.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lvmops.daemon.SmallHttpServer.Request;
import io.lvmops.daemon.SmallHttpServer.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The daemon's HTTP API, on loopback unless configured otherwise: {@code GET /healthz}, {@code GET /status} (JSON),
 * {@code GET /metrics} (Prometheus text), {@code POST /suspend} and {@code POST /resume}.
 * <p>Every request must name this daemon in {@code Host} and carry no foreign {@code Origin} ({@link HostCheck}).
 * The POST endpoints change the daemon's state: with a token ({@code http.tokenFile}) they need {@code
 * Authorization: Bearer TOKEN}; without one they are served on a loopback address only, and a non-loopback address
 * without a token is refused at start. The GET endpoints are read-only and open (a monitoring system scrapes them).
 */
public final class DaemonHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonHttpServer.class);
    private final SmallHttpServer server;
    private final HostCheck hosts;
    private final ApiToken token;
    private final boolean loopback;
    private final Supplier<Object> status;
    private final Supplier<String> metrics;
    private final BooleanSupplier healthy;
    private final SuspendSwitch suspend;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param token       the bearer token POST requests need; null: none, which only a loopback address allows
     * @param machineName this machine's host name, accepted in {@code Host} (null: none)
     * @throws IllegalArgumentException a non-loopback address without a token
     */
    public DaemonHttpServer(InetSocketAddress address, DaemonConfig.HttpApi api, ApiToken token, String machineName,
                            Supplier<Object> status, Supplier<String> metrics, BooleanSupplier healthy,
                            SuspendSwitch suspend) throws IOException {
        this.loopback = isLoopback(address);
        if (token == null && !loopback) {
            throw new IllegalArgumentException(nonLoopbackWithoutToken(address));
        }
        this.hosts = new HostCheck(address.getAddress(), machineName, api.allowedHosts());
        this.token = token;
        this.status = status;
        this.metrics = metrics;
        this.healthy = healthy;
        this.suspend = suspend;
        this.server = new SmallHttpServer(address, api.idleTimeout(), api.readTimeout(), api.threads(), this::handle);
    }

    static boolean isLoopback(InetSocketAddress address) {
        return address.getAddress() != null && address.getAddress().isLoopbackAddress();
    }

    static String nonLoopbackWithoutToken(InetSocketAddress address) {
        return "the HTTP API on " + address.getHostString() + ":" + address.getPort() + " (not a loopback address) "
                + "needs http.tokenFile: suspend and resume would be open to the network";
    }

    public void start() {
        server.start();
        LOG.info("event=http_listening address={} token={}", address(), token != null);
    }

    public InetSocketAddress address() {
        return server.address();
    }

    private Response handle(Request request) {
        String refusal = hosts.refusal(request.header("host"), request.header("origin"));
        if (refusal != null) {
            LOG.warn("event=http_refused remote={} path={} reason=\"{}\"", remote(request), request.path(),
                    CycleRunner.oneLine(refusal));
            return Response.text(403, refusal + "\n");
        }
        return switch (request.path()) {
            case "/healthz" -> read(request, () -> healthy.getAsBoolean() ? Response.text(200, "ok\n")
                    : Response.text(503, "scheduler not running\n"));
            case "/status" -> read(request, () -> new Response(200, "application/json", toJson(status.get())));
            case "/metrics" -> read(request, () -> new Response(200, "text/plain; version=0.0.4; charset=utf-8",
                    metrics.get()));
            case "/suspend" -> change(request, true);
            case "/resume" -> change(request, false);
            default -> Response.text(404, "no such endpoint; see /healthz, /status, /metrics, POST /suspend, "
                    + "POST /resume\n");
        };
    }

    private static Response read(Request request, Supplier<Response> answer) {
        if (!"GET".equals(request.method()) && !"HEAD".equals(request.method())) {
            return new Response(405, "text/plain; charset=utf-8", "use GET\n", Map.of("Allow", "GET, HEAD"));
        }
        return answer.get();
    }

    private Response change(Request request, boolean suspended) {
        if (!"POST".equals(request.method())) {
            return new Response(405, "text/plain; charset=utf-8", "use POST\n", Map.of("Allow", "POST"));
        }
        if (token != null && !token.acceptsAuthorization(request.header("authorization"))) {
            LOG.warn("event=http_unauthorized remote={} path={}", remote(request), request.path());
            return new Response(401, "text/plain; charset=utf-8", (request.header("authorization") == null
                    ? "missing" : "wrong") + " bearer token (the daemon's http.tokenFile)\n",
                    Map.of("WWW-Authenticate", "Bearer realm=\"lvmops\""));
        }
        if (token == null && !loopback) {
            return Response.text(403, "no http.tokenFile configured\n"); // unreachable: refused at start
        }
        try {
            suspend.set(suspended);
        } catch (RuntimeException e) {
            return Response.text(500, CycleRunner.oneLine(e.getMessage()) + "\n");
        }
        LOG.info("event={} remote={}", suspended ? "suspended" : "resumed", remote(request));
        return new Response(200, "application/json", toJson(Map.of("suspended", suspended)));
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String remote(Request request) {
        return request.remote() == null ? "unknown" : request.remote().getHostAddress();
    }

    @Override
    public void close() {
        server.close();
    }
}
