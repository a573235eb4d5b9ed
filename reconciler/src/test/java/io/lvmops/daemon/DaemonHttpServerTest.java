package io.lvmops.daemon;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The daemon's HTTP API over raw sockets: what a browser, a DNS-rebinding page or a slow client can send. */
class DaemonHttpServerTest {
    private final SuspendSwitch suspend = SuspendSwitch.inMemory();
    private DaemonHttpServer server;
    private final List<Socket> held = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket s : held) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @TempDir
    Path dir;

    /** Short timeouts and two worker threads, so that the tests see them act. */
    private static final DaemonConfig.HttpApi API = new DaemonConfig.HttpApi(null, List.of("lvmops.example"),
            Duration.ofSeconds(1), Duration.ofSeconds(1), 2);

    private void start() throws IOException {
        start(new InetSocketAddress("127.0.0.1", 0), null);
    }

    private void start(InetSocketAddress address, ApiToken token) throws IOException {
        start(address, token, API);
    }

    private void start(InetSocketAddress address, ApiToken token, DaemonConfig.HttpApi api) throws IOException {
        server = new DaemonHttpServer(address, api, token, "daemon-host", () -> java.util.Map.of("ok", true),
                () -> "lvmops_up 1\n", () -> true, suspend);
        server.start();
    }

    private ApiToken token(String value) throws IOException {
        Path f = dir.resolve("token");
        Files.writeString(f, value + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return ApiToken.read(f);
    }

    @Test
    void postNeedsTheBearerTokenWhenOneIsConfigured() throws IOException {
        start(new InetSocketAddress("127.0.0.1", 0), token("7f3a9c01d2"));
        String host = "127.0.0.1:" + port();
        String missing = post("/suspend", host);
        assertThat(status(missing)).isEqualTo("HTTP/1.1 401 Unauthorized");
        assertThat(missing).contains("WWW-Authenticate: Bearer").contains("missing bearer token");
        assertThat(status(post("/suspend", host, "Authorization: Bearer 7f3a9c01d3\r\n")))
                .isEqualTo("HTTP/1.1 401 Unauthorized");
        assertThat(status(post("/suspend", host, "Authorization: Bearer 7f3a9c01d2x\r\n")))
                .isEqualTo("HTTP/1.1 401 Unauthorized");
        assertThat(status(post("/suspend", host, "Authorization: Basic 7f3a9c01d2\r\n")))
                .isEqualTo("HTTP/1.1 401 Unauthorized");
        assertThat(status(post("/suspend", host, "Authorization: Bearer 7f3a9c01d2\r\n",
                "Authorization: Bearer x\r\n"))).as("a repeated header").isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(suspend.suspended()).isFalse();
        assertThat(status(post("/suspend", host, "Authorization: Bearer 7f3a9c01d2\r\n"))).isEqualTo("HTTP/1.1 200 OK");
        assertThat(suspend.suspended()).isTrue();
        assertThat(status(post("/resume", host, "authorization: bearer 7f3a9c01d2\r\n"))).isEqualTo("HTTP/1.1 200 OK");
        assertThat(suspend.suspended()).isFalse();
        // read-only endpoints stay open
        assertThat(status(get("/healthz", host))).isEqualTo("HTTP/1.1 200 OK");
        assertThat(status(get("/status", host))).isEqualTo("HTTP/1.1 200 OK");
        assertThat(get("/metrics", host)).startsWith("HTTP/1.1 200 OK").endsWith("lvmops_up 1\n");
        assertThat(status(get("/suspend", host))).isEqualTo("HTTP/1.1 405 Method Not Allowed");
        assertThat(status(post("/status", host))).isEqualTo("HTTP/1.1 405 Method Not Allowed");
        assertThat(status(get("/nothing", host))).isEqualTo("HTTP/1.1 404 Not Found");
    }

    @Test
    void aNonLoopbackAddressWithoutATokenDoesNotStart() {
        assertThatThrownBy(() -> start(new InetSocketAddress("0.0.0.0", 0), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(not a loopback address) needs http.tokenFile");
        assertThat(server).isNull();
    }

    @Test
    void onAWildcardAddressThisMachinesAddressesAndNamesAreAccepted() throws IOException {
        start(new InetSocketAddress("0.0.0.0", 0), token("abc"));
        assertThat(status(get("/healthz", "127.0.0.1:" + port()))).isEqualTo("HTTP/1.1 200 OK");
        assertThat(status(get("/healthz", "[::1]:" + port()))).isEqualTo("HTTP/1.1 200 OK");
        assertThat(status(get("/healthz", "daemon-host:" + port()))).isEqualTo("HTTP/1.1 200 OK");
        assertThat(status(get("/healthz", "LVMOPS.example"))).isEqualTo("HTTP/1.1 200 OK");
        assertThat(status(get("/healthz", "192.0.2.77:" + port()))).as("not an address of this machine")
                .isEqualTo("HTTP/1.1 403 Forbidden");
        assertThat(status(get("/healthz", "lvmops.example.attacker.example"))).isEqualTo("HTTP/1.1 403 Forbidden");
        assertThat(status(get("/healthz", "999.1.1.1"))).isEqualTo("HTTP/1.1 403 Forbidden");
    }

    @Test
    void malformedOrOversizedRequestsAreAnsweredAndClosed() throws IOException {
        start();
        assertThat(status(send("GARBAGE\r\n\r\n"))).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(status(send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX: " + "a".repeat(9000) + "\r\n\r\n")))
                .isEqualTo("HTTP/1.1 431 Request Header Fields Too Large");
        assertThat(status(send("POST /suspend HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\n"))).isEqualTo("HTTP/1.1 501 Not Implemented");
        assertThat(status(send("POST /suspend HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello")))
                .isEqualTo("HTTP/1.1 200 OK");
        assertThat(send("HEAD /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")).endsWith("\r\n\r\n")
                .contains("Content-Length: 3");
    }

    private int port() {
        return server.address().getPort();
    }

    /** One request over a fresh socket; the raw response (status line, headers, body). */
    private String send(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private String get(String path, String host, String... headers) throws IOException {
        return send("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + String.join("", headers)
                + "Connection: close\r\n\r\n");
    }

    private String post(String path, String host, String... headers) throws IOException {
        return send("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + String.join("", headers)
                + "Content-Length: 0\r\nConnection: close\r\n\r\n");
    }

    private static String status(String response) {
        return response.isEmpty() ? "(nothing)" : response.substring(0, response.indexOf("\r\n"));
    }

    @Test
    void aForeignHostHeaderIsRefusedAgainstDnsRebinding() throws IOException {
        start();
        assertThat(status(get("/status", "127.0.0.1:" + port()))).isEqualTo("HTTP/1.1 200 OK");
        assertThat(status(get("/status", "localhost:" + port()))).isEqualTo("HTTP/1.1 200 OK");
        String rebound = get("/status", "attacker.example:" + port());
        assertThat(status(rebound)).isEqualTo("HTTP/1.1 403 Forbidden");
        assertThat(rebound).contains("Host 'attacker.example:" + port() + "' is not this daemon's");
        assertThat(status(post("/suspend", "attacker.example"))).isEqualTo("HTTP/1.1 403 Forbidden");
        assertThat(suspend.suspended()).isFalse();
        assertThat(status(send("GET /status HTTP/1.0\r\n\r\n"))).as("no Host at all").isEqualTo("HTTP/1.1 403 Forbidden");
    }

    @Test
    void aCrossOriginRequestIsRefused() throws IOException {
        start();
        String host = "127.0.0.1:" + port();
        String csrf = post("/suspend", host, "Origin: http://evil.example\r\n");
        assertThat(status(csrf)).isEqualTo("HTTP/1.1 403 Forbidden");
        assertThat(csrf).contains("Origin 'http://evil.example' is not this daemon");
        assertThat(suspend.suspended()).isFalse();
        assertThat(status(post("/suspend", host, "Origin: null\r\n"))).isEqualTo("HTTP/1.1 403 Forbidden");
        assertThat(status(get("/status", host, "Origin: http://localhost:" + (port() + 1) + "\r\n")))
                .isEqualTo("HTTP/1.1 403 Forbidden");
        assertThat(status(post("/suspend", host, "Origin: http://" + host + "\r\n"))).isEqualTo("HTTP/1.1 200 OK");
        assertThat(suspend.suspended()).isTrue();
    }

    @Test
    void aHalfSentRequestNeitherBlocksHealthzNorStaysOpen() throws IOException {
        start();
        Socket slow = hold("GET /status HT");
        long t = System.nanoTime();
        assertThat(status(get("/healthz", "127.0.0.1"))).isEqualTo("HTTP/1.1 200 OK");
        assertThat((System.nanoTime() - t) / 1_000_000).as("ms for /healthz beside a half-sent request")
                .isLessThan(2000);
        // the half-sent connection is closed by the server once the read timeout (1 s in this test) has passed
        slow.setSoTimeout(8000);
        t = System.nanoTime();
        assertThat(readUntilClosed(slow)).isEqualTo(-1);
        assertThat((System.nanoTime() - t) / 1_000_000).isBetween(300L, 6000L);
    }

    @Test
    void moreHeldConnectionsThanThreadsDoNotBlockHealthz() throws IOException {
        start();
        for (int i = 0; i < 12; i++) {
            hold(i % 2 == 0 ? "POST /suspend HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\nabc" : "G");
        }
        hold(""); // connected, silent
        long t = System.nanoTime();
        assertThat(status(get("/healthz", "127.0.0.1"))).isEqualTo("HTTP/1.1 200 OK");
        assertThat((System.nanoTime() - t) / 1_000_000).isLessThan(2000);
        assertThat(suspend.suspended()).as("a POST whose body never arrived is not acted on").isFalse();
    }

    @Test
    void aRequestTrickledByteByByteIsCutAtTheReadTimeout() throws Exception {
        // idle 1 s is never reached (a byte every 200 ms); the read timeout (2 s) for the whole request is
        start(new InetSocketAddress("127.0.0.1", 0), null, new DaemonConfig.HttpApi(null, List.of(),
                Duration.ofSeconds(1), Duration.ofSeconds(2), 2));
        Socket slow = hold("");
        slow.setSoTimeout(200);
        String request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "a".repeat(100) + "\r\n\r\n";
        long t = System.nanoTime();
        StringBuilder answer = new StringBuilder();
        int closedAt = -1;
        for (int i = 0; i < request.length() && closedAt < 0; i++) {
            try {
                slow.getOutputStream().write(request.charAt(i));
                slow.getOutputStream().flush();
            } catch (java.net.SocketException e) {
                closedAt = i;
                break;
            }
            try {
                int b;
                while ((b = slow.getInputStream().read()) != -1) {
                    answer.append((char) b);
                }
                closedAt = i;
            } catch (SocketTimeoutException e) {
                // still open: go on trickling
            }
        }
        long ms = (System.nanoTime() - t) / 1_000_000;
        assertThat(closedAt).as("closed before the request was complete").isBetween(0, request.length() - 2);
        assertThat(ms).isBetween(1500L, 6000L);
        // Jetty closes a connection whose request head has not arrived without an answer (a 408 needs a request)
        assertThat(answer.toString()).isEmpty();
    }

    @Test
    void aPostWhoseBodyTricklesPastTheReadTimeoutIsAnswered408AndNotActedOn() throws Exception {
        // one worker thread, the smallest http.threads: the waiting body must not hold it from /healthz
        start(new InetSocketAddress("127.0.0.1", 0), null, new DaemonConfig.HttpApi(null, List.of(),
                Duration.ofSeconds(1), Duration.ofSeconds(2), 1));
        Socket slow = hold("POST /suspend HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n");
        slow.setSoTimeout(200);
        long t = System.nanoTime();
        StringBuilder answer = new StringBuilder();
        boolean closed = false;
        for (int i = 0; i < 100 && !closed; i++) {
            try {
                slow.getOutputStream().write('x');
                slow.getOutputStream().flush();
                int b;
                while ((b = slow.getInputStream().read()) != -1) {
                    answer.append((char) b);
                }
                closed = true;
            } catch (SocketTimeoutException e) {
                // still open: go on trickling
            } catch (java.net.SocketException e) {
                closed = true;
            }
            if (i == 2) {
                assertThat(status(get("/healthz", "127.0.0.1"))).isEqualTo("HTTP/1.1 200 OK");
            }
        }
        long ms = (System.nanoTime() - t) / 1_000_000;
        assertThat(closed).isTrue();
        assertThat(ms).isBetween(1500L, 6000L);
        assertThat(answer.toString()).startsWith("HTTP/1.1 408 Request Timeout");
        assertThat(suspend.suspended()).as("a POST whose body came too late is not acted on").isFalse();
    }

    @Test
    void connectionsBeyondTheLimitWaitOnlyUntilTheHeldOnesAreCut() throws IOException {
        // idle 5 s and read 10 s: only the connection limit's shorter silence (1 s) frees a slot in time
        start(new InetSocketAddress("127.0.0.1", 0), null, new DaemonConfig.HttpApi(null, List.of(),
                Duration.ofSeconds(5), Duration.ofSeconds(10), 2));
        for (int i = 0; i < DaemonHttpServer.MAX_CONNECTIONS + 5; i++) {
            hold("G");
        }
        long t = System.nanoTime();
        assertThat(status(get("/healthz", "127.0.0.1"))).isEqualTo("HTTP/1.1 200 OK");
        assertThat((System.nanoTime() - t) / 1_000_000).as("ms for /healthz beyond the limit").isLessThan(4000);
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsRead() throws IOException {
        start();
        assertThat(status(send("POST /suspend HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1025\r\n\r\n")))
                .isEqualTo("HTTP/1.1 413 Payload Too Large");
        assertThat(suspend.suspended()).isFalse();
    }

    private Socket hold(String partial) throws IOException {
        Socket s = new Socket("127.0.0.1", port());
        held.add(s);
        OutputStream out = s.getOutputStream();
        out.write(partial.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return s;
    }

    /** Reads until the server closes the connection: -1, or throws on the socket timeout. */
    private static int readUntilClosed(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            int b;
            while ((b = in.read()) != -1) {
                // an error response before the close is fine
            }
            return b;
        } catch (SocketTimeoutException e) {
            return -2;
        } catch (java.net.SocketException e) {
            return -1; // reset by the server: closed too
        }
    }
}
