package io.lvmops.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates Quartz's tables (and lvmops' own small state table) in PostgreSQL when they are missing, from the DDL Quartz
 * ships in its jar ({@code org/quartz/impl/jdbcjobstore/tables_postgres.sql}) without its DROP statements, in one
 * transaction under an advisory lock, so that two daemons starting together do not both create them. Existing
 * tables are never touched.
 */
public final class QuartzSchema {
    private static final Logger LOG = LoggerFactory.getLogger(QuartzSchema.class);
    static final String DDL = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";
    static final String STATE_TABLE = "lvmops_daemon_state";
    private static final long SCHEMA_LOCK = 0x6c766d6f7074L;

    private QuartzSchema() {
    }

    /** @return whether the tables were created now */
    public static boolean ensure(Connection c) throws SQLException, IOException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
            boolean created = false;
            if (!tableExists(c, "qrtz_locks")) {
                for (String statement : statements()) {
                    s.execute(statement);
                }
                created = true;
            }
            s.execute("CREATE TABLE IF NOT EXISTS " + STATE_TABLE + " (name VARCHAR(80) PRIMARY KEY, value TEXT)");
            c.commit();
            if (created) {
                LOG.info("event=schema_created store=postgresql source={}", DDL);
            }
            return created;
        } catch (SQLException | IOException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    static boolean tableExists(Connection c, String name) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        try (ResultSet rs = md.getTables(null, null, name, new String[]{"TABLE"})) {
            return rs.next();
        }
    }

    /** The CREATE statements of Quartz's DDL, comments, DROPs and COMMIT left out. */
    static List<String> statements() throws IOException {
        String text;
        try (InputStream in = QuartzSchema.class.getClassLoader().getResourceAsStream(DDL)) {
            if (in == null) {
                throw new IOException("Quartz's DDL " + DDL + " is not on the class path");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder noComments = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.strip().startsWith("--")) {
                noComments.append(line).append('\n');
            }
        }
        List<String> out = new ArrayList<>();
        for (String statement : noComments.toString().split(";")) {
            String s = statement.strip();
            String upper = s.toUpperCase(java.util.Locale.ROOT);
            if (upper.startsWith("CREATE ")) {
                out.add(s);
            }
        }
        return out;
    }
}
