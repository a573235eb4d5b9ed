package io.lvmops.daemon;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP API's read timeout: a connection whose request (head and body) is not received within it is cut, however
 * steadily its bytes trickle in. Jetty's idle timeout only measures the silence between bytes and it has no
 * whole-request deadline, so this listener gives each connection one. At the deadline it shrinks the connection's
 * idle timeout to 1 ms, so that Jetty's own idle-expiry path ends it, the same way Jetty's {@code
 * NetworkConnectionLimit} does: a request whose head has not arrived is closed; one waiting for its body is failed,
 * and answered 408.
 * The daemon's responses close their connection, so one deadline per connection is one deadline per request.
 */
final class RequestDeadline implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadline.class);
    private final Scheduler scheduler;
    private final long millis;
    private final Map<Connection, Scheduler.Task> pending = new ConcurrentHashMap<>();

    RequestDeadline(Scheduler scheduler, Duration readTimeout) {
        this.scheduler = scheduler;
        this.millis = Math.max(1, readTimeout.toMillis());
    }

    @Override
    public void onOpened(Connection connection) {
        pending.put(connection, scheduler.schedule(() -> expire(connection), millis, TimeUnit.MILLISECONDS));
    }

    @Override
    public void onClosed(Connection connection) {
        cancel(connection);
    }

    /** The request, body included, has been received in time: its connection is no longer on the clock. */
    void received(Request request) {
        cancel(request.getConnectionMetaData().getConnection());
    }

    private void cancel(Connection connection) {
        Scheduler.Task task = pending.remove(connection);
        if (task != null) {
            task.cancel();
        }
    }

    private void expire(Connection connection) {
        if (pending.remove(connection) != null) {
            LOG.debug("event=http_request_timeout remote={}", connection.getEndPoint().getRemoteSocketAddress());
            connection.getEndPoint().setIdleTimeout(1);
        }
    }
}
