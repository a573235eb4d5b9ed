package io.lvmops.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The daemon's HTTP API, on loopback unless configured otherwise: {@code GET /healthz}, {@code GET /status} (JSON),
 * {@code GET /metrics} (Prometheus text), {@code POST /suspend} and {@code POST /resume}.
 * <p>Every request must name this daemon in {@code Host} and carry no foreign {@code Origin} ({@link HostCheck}).
 * The POST endpoints change the daemon's state: with a token ({@code http.tokenFile}) they need {@code
 * Authorization: Bearer TOKEN}; without one they are served on a loopback address only, and a non-loopback address
 * without a token is refused at start. The GET endpoints are read-only and open (a monitoring system scrapes them).
 * <p>It runs on Jetty's core server (no servlets): its selector receives requests without blocking, so a half-sent
 * request holds no thread, only a connection slot until {@code idleTimeout} (silence) or {@code readTimeout} (the
 * whole request, see {@link RequestDeadline}) ends it. Every response closes its connection (no keep-alive).
 */
public final class DaemonHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonHttpServer.class);
    static final int MAX_HEAD = 8 * 1024;
    static final int MAX_BODY = 1024;
    /** At this many open connections Jetty stops accepting until one closes (the others wait in the backlog). */
    static final int MAX_CONNECTIONS = 128;
    /**
     * Jetty's own threads beside the {@code http.threads} workers: one acceptor and one selector, leased from the same
     * pool, so the pool's maximum is {@code threads + JETTY_THREADS}; no thread is reserved, and Jetty's timer runs on
     * its own scheduler thread, outside the pool. A dedicated acceptor (rather than accepting on the selector) lets
     * {@link NetworkConnectionLimit} stop accepting at the limit, leaving new connections in the backlog: accepted by
     * the selector beyond the limit, they would be reset.
     */
    static final int ACCEPTORS = 1;
    static final int SELECTORS = 1;
    static final int JETTY_THREADS = ACCEPTORS + SELECTORS;
    /** Headers whose repetition could make two readers of one request disagree: refused when repeated. */
    private static final Set<String> SINGLE = Set.of("host", "origin", "authorization", "content-length",
            "transfer-encoding");
    private final Server server;
    private final ServerConnector connector;
    private final InetAddress bound;
    private final RequestDeadline deadline;
    private final NetworkConnectionLimit limit;
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
        QueuedThreadPool pool = new QueuedThreadPool(api.threads() + JETTY_THREADS, 1);
        pool.setName("lvmops-http");
        pool.setReservedThreads(0);
        this.server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(MAX_HEAD);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setPersistentConnectionsEnabled(false);
        this.connector = new ServerConnector(server, ACCEPTORS, SELECTORS, new HttpConnectionFactory(http));
        this.bound = address.getAddress();
        connector.setHost(bound.getHostAddress());
        connector.setPort(address.getPort());
        connector.setIdleTimeout(api.idleTimeout().toMillis());
        server.addConnector(connector);
        this.deadline = new RequestDeadline(server.getScheduler(), api.readTimeout());
        connector.addBean(deadline);
        this.limit = new NetworkConnectionLimit(MAX_CONNECTIONS, connector);
        // at the limit, the open connections' silence is cut sooner
        limit.setEndPointIdleTimeout(Math.min(api.idleTimeout().toMillis(), 1000));
        server.addBean(limit);
        server.setHandler(new Api());
        connector.open(); // bind now: an address in use fails here, as before
    }

    static boolean isLoopback(InetSocketAddress address) {
        return address.getAddress() != null && address.getAddress().isLoopbackAddress();
    }

    static String nonLoopbackWithoutToken(InetSocketAddress address) {
        return "the HTTP API on " + address.getHostString() + ":" + address.getPort() + " (not a loopback address) "
                + "needs http.tokenFile: suspend and resume would be open to the network";
    }

    public void start() {
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP API did not start: " + CycleRunner.oneLine(e.getMessage()), e);
        }
        LOG.info("event=http_listening address={} token={}", address(), token != null);
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(bound, connector.getLocalPort());
    }

    /** What the daemon answers: always a small text or JSON body, and its connection closed. */
    record Answer(int status, String contentType, String body, Map<String, String> headers) {
        Answer(int status, String contentType, String body) {
            this(status, contentType, body, Map.of());
        }

        static Answer text(int status, String body) {
            return new Answer(status, "text/plain; charset=utf-8", body);
        }
    }

    /** Refuses what the endpoints never need before reading the body, then answers once the body has arrived. */
    private final class Api extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Answer refused = refusal(request);
            if (refused != null) {
                send(response, callback, refused);
                return true;
            }
            // a POST acts only on a complete request: its body is read (and dropped) first, under the read timeout
            Content.Source.consumeAll(request, Callback.from(() -> {
                deadline.received(request);
                send(response, callback, answer(request));
            }, failure -> {
                // the read timeout (see RequestDeadline), or the client closed before its body was complete
                LOG.debug("event=http_request_incomplete remote={} reason=\"{}\"", remote(request),
                        CycleRunner.oneLine(String.valueOf(failure)));
                send(response, callback, Answer.text(408, "request not received in time\n"));
            }));
            return true;
        }
    }

    private static Answer refusal(Request request) {
        for (String name : SINGLE) {
            if (request.getHeaders().getValuesList(name).size() > 1) {
                return Answer.text(400, "repeated " + name + " header\n");
            }
        }
        if (request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
            return Answer.text(501, "Transfer-Encoding is not supported; send Content-Length\n");
        }
        if (request.getLength() > MAX_BODY) {
            return Answer.text(413, "request body longer than " + MAX_BODY + " bytes\n");
        }
        return null;
    }

    private Answer answer(Request request) {
        try {
            return handle(request);
        } catch (RuntimeException e) {
            LOG.warn("event=http_failed path={} reason=\"{}\"", Request.getPathInContext(request),
                    CycleRunner.oneLine(String.valueOf(e)));
            return Answer.text(500, CycleRunner.oneLine(String.valueOf(e.getMessage())) + "\n");
        }
    }

    private static void send(Response response, Callback callback, Answer answer) {
        if (response.isCommitted()) {
            callback.failed(new IllegalStateException("response already committed"));
            return;
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        response.setStatus(answer.status());
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, answer.contentType());
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        headers.put(HttpHeader.CONNECTION, "close");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        answer.headers().forEach(headers::put);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static String header(Request request, String name) {
        return request.getHeaders().get(name);
    }

    private Answer handle(Request request) {
        String refusal = hosts.refusal(header(request, "host"), header(request, "origin"));
        if (refusal != null) {
            LOG.warn("event=http_refused remote={} path={} reason=\"{}\"", remote(request),
                    Request.getPathInContext(request), CycleRunner.oneLine(refusal));
            return Answer.text(403, refusal + "\n");
        }
        return switch (Request.getPathInContext(request)) {
            case "/healthz" -> read(request, () -> healthy.getAsBoolean() ? Answer.text(200, "ok\n")
                    : Answer.text(503, "scheduler not running\n"));
            case "/status" -> read(request, () -> new Answer(200, "application/json", toJson(status.get())));
            case "/metrics" -> read(request, () -> new Answer(200, "text/plain; version=0.0.4; charset=utf-8",
                    metrics.get()));
            case "/suspend" -> change(request, true);
            case "/resume" -> change(request, false);
            default -> Answer.text(404, "no such endpoint; see /healthz, /status, /metrics, POST /suspend, "
                    + "POST /resume\n");
        };
    }

    private static Answer read(Request request, Supplier<Answer> answer) {
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            return new Answer(405, "text/plain; charset=utf-8", "use GET\n", Map.of("Allow", "GET, HEAD"));
        }
        return answer.get();
    }

    private Answer change(Request request, boolean suspended) {
        if (!"POST".equals(request.getMethod())) {
            return new Answer(405, "text/plain; charset=utf-8", "use POST\n", Map.of("Allow", "POST"));
        }
        if (token != null && !token.acceptsAuthorization(header(request, "authorization"))) {
            LOG.warn("event=http_unauthorized remote={} path={}", remote(request), Request.getPathInContext(request));
            return new Answer(401, "text/plain; charset=utf-8", (header(request, "authorization") == null
                    ? "missing" : "wrong") + " bearer token (the daemon's http.tokenFile)\n",
                    Map.of("WWW-Authenticate", "Bearer realm=\"lvmops\""));
        }
        if (token == null && !loopback) {
            return Answer.text(403, "no http.tokenFile configured\n"); // unreachable: refused at start
        }
        try {
            suspend.set(suspended);
        } catch (RuntimeException e) {
            return Answer.text(500, CycleRunner.oneLine(e.getMessage()) + "\n");
        }
        LOG.info("event={} remote={}", suspended ? "suspended" : "resumed", remote(request));
        return new Answer(200, "application/json", toJson(Map.of("suspended", suspended)));
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String remote(Request request) {
        String address = Request.getRemoteAddr(request);
        return address == null ? "unknown" : address;
    }

    @Override
    public void close() {
        try {
            // first the limit: stopped with the server, it would resume accepting on the closed socket (a warning)
            limit.stop();
            server.stop();
        } catch (Exception e) {
            LOG.warn("event=http_stop_failed reason=\"{}\"", CycleRunner.oneLine(String.valueOf(e)));
        }
        connector.close(); // bound in the constructor: released even if the server never started
    }
}
