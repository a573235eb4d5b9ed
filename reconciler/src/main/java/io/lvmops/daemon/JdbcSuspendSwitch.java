package io.lvmops.daemon;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The suspend switch of a cluster of daemons, in lvmops' state table next to Quartz's: every member sees it. */
public final class JdbcSuspendSwitch implements SuspendSwitch {
    private final PostgresRunLock.ConnectionSource connections;

    public JdbcSuspendSwitch(PostgresRunLock.ConnectionSource connections) {
        this.connections = connections;
    }

    @Override
    public boolean suspended() {
        try (Connection c = connections.open();
             PreparedStatement s = c.prepareStatement("SELECT value FROM " + QuartzSchema.STATE_TABLE
                     + " WHERE name = 'suspended'")) {
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && "true".equals(rs.getString(1));
            }
        } catch (SQLException e) {
            // unknown: do not correct (the safe side) and let the run say why
            throw new IllegalStateException("cannot read the suspend switch: " + e.getMessage(), e);
        }
    }

    @Override
    public void set(boolean suspended) {
        try (Connection c = connections.open();
             PreparedStatement s = c.prepareStatement("INSERT INTO " + QuartzSchema.STATE_TABLE
                     + " (name, value) VALUES ('suspended', ?) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value")) {
            s.setString(1, Boolean.toString(suspended));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set the suspend switch: " + e.getMessage(), e);
        }
    }
}
