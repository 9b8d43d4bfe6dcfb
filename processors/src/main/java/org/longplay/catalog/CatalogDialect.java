package org.longplay.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The few places where the catalog's engine matters. Everything else is portable SQL; HSQLDB gets
 * bulk-load settings and a clean shutdown, other engines (PostgreSQL) get neither and need neither.
 */
public final class CatalogDialect {

    private CatalogDialect() {
    }

    public static boolean isHsqldb(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("hsql");
    }

    /**
     * No redo log while loading: a crash mid-load reverts to the last checkpoint, and the import is
     * idempotent, so rerunning it is the recovery. Saves writing every row twice.
     */
    public static void beginBulkLoad(Connection connection) throws SQLException {
        if (isHsqldb(connection)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET FILES LOG FALSE");
            }
        }
    }

    public static void endBulkLoad(Connection connection) throws SQLException {
        if (isHsqldb(connection)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET FILES LOG TRUE");
                statement.execute("CHECKPOINT");
            }
        }
    }

    /** Closes an embedded HSQLDB file database cleanly, so the next start needs no recovery. */
    public static void shutdown(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (isHsqldb(connection)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SHUTDOWN");
                }
            }
        }
    }
}
