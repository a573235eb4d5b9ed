package io.lvmops.daemon;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A real local HTTP server receiving webhook POSTs; the first {@code failFirst} requests get a 503. */
final class WebhookReceiver implements AutoCloseable {
    private final HttpServer server;
    private final BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
    final AtomicInteger requests = new AtomicInteger();

    WebhookReceiver(int failFirst) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook/secret-token", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int n = requests.incrementAndGet();
            boolean fail = n <= failFirst;
            ex.sendResponseHeaders(fail ? 503 : 204, -1);
            ex.close();
            if (!fail) {
                bodies.add(ex.getRequestHeaders().getFirst("Content-Type") + " " + body);
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook/secret-token");
    }

    /** The next delivered body (prefixed by its content type), or null after the timeout. */
    String next(long seconds) throws InterruptedException {
        return bodies.poll(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
