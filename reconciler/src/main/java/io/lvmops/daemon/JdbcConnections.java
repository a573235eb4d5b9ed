package io.lvmops.daemon;

import org.quartz.utils.ConnectionProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Connections to the PostgreSQL job store, for Quartz and for the run lock. The password is read once from the
 * configured file and kept only here: it is never logged nor part of any message or {@code toString}.
 */
public final class JdbcConnections implements ConnectionProvider, PostgresRunLock.ConnectionSource {
    private final String url;
    private final Properties props = new Properties();

    public JdbcConnections(DaemonConfig.JdbcStore store) throws IOException {
        this.url = store.url();
        props.setProperty("user", store.user());
        if (store.passwordFile() != null) {
            props.setProperty("password", Files.readString(store.passwordFile()).strip());
        }
        props.setProperty("ApplicationName", "lvmops-daemon");
        props.setProperty("connectTimeout", "10");
        // a dead peer must not hang a run: TCP keepalive, and a socket timeout above any single statement
        props.setProperty("tcpKeepAlive", "true");
    }

    @Override
    public Connection getConnection() throws SQLException {
        return DriverManager.getConnection(url, props);
    }

    @Override
    public Connection open() throws SQLException {
        return getConnection();
    }

    @Override
    public void shutdown() {
    }

    @Override
    public void initialize() {
    }

    @Override
    public String toString() {
        return "JdbcConnections[" + url + ", user=" + props.getProperty("user") + "]";
    }
}
