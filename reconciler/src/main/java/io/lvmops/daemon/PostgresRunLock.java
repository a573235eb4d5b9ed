package io.lvmops.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * The run lock across a cluster of daemons: a PostgreSQL session-level advisory lock on its own connection, held for
 * the whole run. If the daemon dies, its connection closes and the server drops the lock, so no stale lock can
 * outlive its holder.
 */
public final class PostgresRunLock implements RunLock {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresRunLock.class);
    /** An arbitrary constant: "lvmops" in ASCII. */
    static final long KEY = 0x6c766d6f7073L;

    private final ConnectionSource connections;

    @FunctionalInterface
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    public PostgresRunLock(ConnectionSource connections) {
        this.connections = connections;
    }

    @Override
    public Handle acquire() throws SQLException {
        Connection c = connections.open();
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
            s.setLong(1, KEY);
            s.execute();
        } catch (SQLException e) {
            close(c);
            throw e;
        }
        return () -> {
            try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                s.setLong(1, KEY);
                s.execute();
            } catch (SQLException e) {
                LOG.warn("event=run_lock_release_failed reason=\"{}\" (closing the connection releases it)",
                        e.getMessage());
            } finally {
                close(c);
            }
        };
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the server drops the lock with the session anyway
        }
    }

    static Supplier<String> describe() {
        return () -> "pg_advisory_lock(" + KEY + ")";
    }
}
