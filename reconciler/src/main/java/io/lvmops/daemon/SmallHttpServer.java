package io.lvmops.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A small HTTP/1.1 server for the daemon's API. One selector thread does all socket I/O without blocking, so a client
 * that sends half a request (or nothing at all) holds no thread: it costs one connection slot until its idle timeout
 * (no byte for that long) or read timeout (the whole request not received in that time) closes it with a 408. Only a
 * complete request reaches the fixed pool of worker threads; its queue is bounded (503 when full). Every response
 * closes its connection: no keep-alive, so no idle connection between requests. The JDK's
 * {@code com.sun.net.httpserver} reads each request on an executor thread, where a few half-sent requests block it.
 */
final class SmallHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SmallHttpServer.class);
    static final int MAX_HEAD = 8 * 1024;
    static final int MAX_BODY = 1024;
    /** Beyond this many open connections the oldest one still being received is dropped for a new one. */
    static final int MAX_CONNECTIONS = 128;
    private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Headers whose repetition could make two readers of one request disagree: refused when repeated. */
    private static final Set<String> SINGLE = Set.of("host", "origin", "authorization", "content-length",
            "transfer-encoding");

    /** A complete request: header names in lower case. */
    record Request(String method, String path, Map<String, String> headers, InetAddress remote) {
        String header(String name) {
            return headers.get(name);
        }
    }

    record Response(int status, String contentType, String body, Map<String, String> headers) {
        Response(int status, String contentType, String body) {
            this(status, contentType, body, Map.of());
        }

        static Response text(int status, String body) {
            return new Response(status, "text/plain; charset=utf-8", body);
        }
    }

    interface Handler {
        Response handle(Request request);
    }

    private final ServerSocketChannel server;
    private final Selector selector;
    private final Handler handler;
    private final long idleNanos;
    private final long readNanos;
    private final ThreadPoolExecutor workers;
    private final Queue<Runnable> selectorTasks = new ConcurrentLinkedQueue<>();
    private final Set<Connection> connections = new LinkedHashSet<>();
    private final Thread loop;
    private volatile boolean running = true;

    SmallHttpServer(InetSocketAddress bind, Duration idleTimeout, Duration readTimeout, int threads, Handler handler)
            throws IOException {
        this.handler = handler;
        this.idleNanos = idleTimeout.toNanos();
        this.readNanos = readTimeout.toNanos();
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(bind, 64);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            server.close();
            selector.close();
            throw e;
        }
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(64),
                r -> {
                    Thread t = new Thread(r, "lvmops-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.loop = new Thread(this::run, "lvmops-http-io");
        loop.setDaemon(true);
    }

    void start() {
        loop.start();
    }

    InetSocketAddress address() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void run() {
        try {
            while (running) {
                selector.select(nextTimeoutMillis());
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else if (key.attachment() instanceof Connection c) {
                        c.ready(key);
                    }
                }
                Runnable task;
                while ((task = selectorTasks.poll()) != null) {
                    task.run();
                }
                expire(System.nanoTime());
            }
        } catch (ClosedSelectorException e) {
            // closed: stop
        } catch (IOException | RuntimeException e) {
            LOG.error("event=http_failed reason=\"{}\"", CycleRunner.oneLine(String.valueOf(e.getMessage())), e);
        }
    }

    /** How long the selector may sleep: until the nearest deadline, or indefinitely with no connection. */
    private long nextTimeoutMillis() {
        long now = System.nanoTime();
        long nearest = Long.MAX_VALUE;
        for (Connection c : connections) {
            if (c.state != State.HANDLING) {
                nearest = Math.min(nearest, c.deadline() - now);
            }
        }
        return nearest == Long.MAX_VALUE ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(nearest) + 1);
    }

    private void accept() throws IOException {
        SocketChannel ch;
        while ((ch = server.accept()) != null) {
            if (connections.size() >= MAX_CONNECTIONS) {
                connections.stream().filter(c -> c.state == State.RECEIVING)
                        .min(Comparator.comparingLong(c -> c.accepted)).ifPresent(Connection::close);
            }
            if (connections.size() >= MAX_CONNECTIONS) {
                ch.close(); // every slot is a request being handled or answered
                continue;
            }
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Connection c = new Connection(ch);
            c.key = ch.register(selector, SelectionKey.OP_READ, c);
            connections.add(c);
        }
    }

    private void expire(long now) {
        for (Connection c : List.copyOf(connections)) {
            if (c.state == State.HANDLING || now - c.deadline() < 0) {
                continue; // a worker answers a complete request; it is not timed out here
            }
            if (c.state == State.RECEIVING) {
                LOG.debug("event=http_request_timeout remote={}", c.remote());
                c.respond(Response.text(408, "request not received in time\n"), false);
            } else {
                c.close();
            }
        }
    }

    private enum State { RECEIVING, HANDLING, SENDING, DRAINING }

    private final class Connection {
        final SocketChannel ch;
        SelectionKey key;
        final long accepted = System.nanoTime();
        long lastRead = accepted;
        long sendDeadline;
        State state = State.RECEIVING;
        final ByteBuffer in = ByteBuffer.allocate(MAX_HEAD + END_OF_HEAD.length + MAX_BODY);
        ByteBuffer out;

        Connection(SocketChannel ch) {
            this.ch = ch;
        }

        /** When this connection times out (not while {@link State#HANDLING}). */
        long deadline() {
            return state == State.RECEIVING ? Math.min(lastRead + idleNanos, accepted + readNanos) : sendDeadline;
        }

        InetAddress remote() {
            try {
                return ((InetSocketAddress) ch.getRemoteAddress()).getAddress();
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        void ready(SelectionKey k) {
            try {
                if (k.isReadable()) {
                    read();
                } else if (k.isWritable()) {
                    write();
                }
            } catch (IOException e) {
                close();
            }
        }

        private void read() throws IOException {
            if (state == State.DRAINING) {
                in.clear();
                if (ch.read(in) < 0) {
                    close();
                }
                return;
            }
            int n = ch.read(in);
            if (n < 0) {
                close(); // the client gave up before its request was complete
                return;
            }
            lastRead = System.nanoTime();
            int end = indexOf(in, END_OF_HEAD);
            if (end < 0 || end > MAX_HEAD) {
                if (end > MAX_HEAD || in.position() >= MAX_HEAD) {
                    respond(Response.text(431, "request head longer than " + MAX_HEAD + " bytes\n"), false);
                }
                return;
            }
            Parsed parsed = parse(new String(in.array(), 0, end, StandardCharsets.ISO_8859_1));
            if (parsed.error != null) {
                respond(parsed.error, false);
                return;
            }
            int bodyStart = end + END_OF_HEAD.length;
            if (in.position() - bodyStart < parsed.contentLength) {
                return; // the body is still coming: wait, under the same timeouts
            }
            state = State.HANDLING;
            key.interestOps(0);
            Request request = new Request(parsed.method, parsed.path, parsed.headers, remote());
            boolean head = "HEAD".equals(parsed.method);
            try {
                workers.execute(() -> {
                    Response response;
                    try {
                        response = handler.handle(request);
                    } catch (RuntimeException e) {
                        LOG.warn("event=http_handler_failed path={} reason=\"{}\"", request.path(),
                                CycleRunner.oneLine(String.valueOf(e.getMessage())));
                        response = Response.text(500, CycleRunner.oneLine(String.valueOf(e.getMessage())) + "\n");
                    }
                    Response r = response;
                    selectorTasks.add(() -> respond(r, head));
                    selector.wakeup();
                });
            } catch (RejectedExecutionException e) {
                respond(Response.text(503, "busy\n"), false);
            }
        }

        /** Serializes the response and starts sending it; then the connection is closed. */
        void respond(Response r, boolean head) {
            if (!ch.isOpen()) {
                return;
            }
            byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
            StringBuilder h = new StringBuilder("HTTP/1.1 ").append(r.status()).append(' ').append(reason(r.status()))
                    .append("\r\nContent-Type: ").append(r.contentType())
                    .append("\r\nContent-Length: ").append(body.length)
                    .append("\r\nConnection: close\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n");
            r.headers().forEach((name, value) -> h.append(name).append(": ").append(value).append("\r\n"));
            h.append("\r\n");
            byte[] headBytes = h.toString().getBytes(StandardCharsets.ISO_8859_1);
            out = ByteBuffer.allocate(headBytes.length + (head ? 0 : body.length));
            out.put(headBytes);
            if (!head) {
                out.put(body);
            }
            out.flip();
            state = State.SENDING;
            sendDeadline = System.nanoTime() + readNanos;
            try {
                key.interestOps(SelectionKey.OP_WRITE);
                write();
            } catch (IOException | RuntimeException e) {
                close();
            }
        }

        private void write() throws IOException {
            ch.write(out);
            if (out.hasRemaining()) {
                return;
            }
            // Half-close and read what the client may still send until it closes: closing with unread bytes would
            // reset the connection and could destroy the response before the client reads it.
            ch.shutdownOutput();
            state = State.DRAINING;
            sendDeadline = System.nanoTime() + Math.min(idleNanos, readNanos);
            key.interestOps(SelectionKey.OP_READ);
        }

        void close() {
            connections.remove(this);
            if (key != null) {
                key.cancel();
            }
            try {
                ch.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private record Parsed(String method, String path, Map<String, String> headers, int contentLength,
                          Response error) {
        static Parsed error(int status, String message) {
            return new Parsed(null, null, null, 0, Response.text(status, message + "\n"));
        }
    }

    /** Parses a request head (without its final empty line): request line and header fields, strictly. */
    static Parsed parse(String head) {
        String[] lines = head.split("\r\n", -1);
        String[] requestLine = lines[0].split(" ", -1);
        if (requestLine.length != 3 || !TOKEN.matcher(requestLine[0]).matches() || !requestLine[1].startsWith("/")) {
            return Parsed.error(400, "malformed request line");
        }
        if (!requestLine[2].equals("HTTP/1.1") && !requestLine[2].equals("HTTP/1.0")) {
            return Parsed.error(505, "HTTP/1.1 only");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon < 1 || !TOKEN.matcher(line.substring(0, colon)).matches()) {
                return Parsed.error(400, "malformed header line " + i);
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            String previous = headers.putIfAbsent(name, value);
            if (previous != null) {
                if (SINGLE.contains(name)) {
                    return Parsed.error(400, "repeated " + name + " header");
                }
                headers.put(name, previous + ", " + value);
            }
        }
        if (headers.containsKey("transfer-encoding")) {
            return Parsed.error(501, "Transfer-Encoding is not supported; send Content-Length");
        }
        int length = 0;
        if (headers.containsKey("content-length")) {
            try {
                length = Integer.parseInt(headers.get("content-length"));
                if (length < 0) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                return Parsed.error(400, "malformed Content-Length");
            }
            if (length > MAX_BODY) {
                return Parsed.error(413, "request body longer than " + MAX_BODY + " bytes");
            }
        }
        String target = requestLine[1];
        int query = target.indexOf('?');
        return new Parsed(requestLine[0], query < 0 ? target : target.substring(0, query), headers, length, null);
    }

    private static int indexOf(ByteBuffer buffer, byte[] pattern) {
        byte[] a = buffer.array();
        for (int i = 0; i + pattern.length <= buffer.position(); i++) {
            int j = 0;
            while (j < pattern.length && a[i + j] == pattern[j]) {
                j++;
            }
            if (j == pattern.length) {
                return i;
            }
        }
        return -1;
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Payload Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status";
        };
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            loop.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Connection c : new ArrayList<>(connections)) {
            c.close();
        }
        try {
            server.close();
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
        workers.shutdownNow();
    }
}
