package org.longplay.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and migrates the catalog at start: versioned steps, each applied once, in order, in its
 * own transaction, recorded in {@code schema_version}. Add a step by appending to {@link #STEPS}. The
 * same steps create both engines: each statement passes through the engine's {@link CatalogDialect}
 * (types), which may add statements of its own to a step (indexes only one engine can afford). On
 * PostgreSQL each step holds a lock, so that workers starting at the same moment migrate once.
 */
public final class CatalogMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogMigrator.class);

    @FunctionalInterface
    public interface Change {
        void apply(Connection connection) throws SQLException, IOException;
    }

    public record Step(int version, String description, Change change) {
    }

    public static final List<Step> STEPS = List.of(
            new Step(1, "catalog tables", sqlResource("db/migration/V1__catalog_tables.sql")),
            new Step(2, "ISRC groups", sqlResource("db/migration/V2__isrc_groups.sql")),
            new Step(3, "planning", sqlResource("db/migration/V3__plan.sql")),
            new Step(4, "processing", sqlResource("db/migration/V4__process.sql")),
            new Step(5, "releases", sqlResource("db/migration/V5__release.sql")),
            new Step(6, "planning by ISRC group", sqlResource("db/migration/V6__plan_isrc.sql")),
            new Step(7, "workers on many machines", sqlResource("db/migration/V7__workers.sql")));

    private final DataSource dataSource;

    public CatalogMigrator(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Applies the missing steps; returns the catalog's version afterwards. */
    public int migrate() throws SQLException, IOException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            CatalogDialect dialect = CatalogDialect.of(connection);
            dialect.lockMigrations(connection);
            ensureVersionTable(connection);
            connection.commit();
            for (Step step : STEPS) {
                dialect.lockMigrations(connection);
                if (step.version() <= currentVersion(connection)) {
                    continue; // another process migrated meanwhile
                }
                LOG.info("Migrating catalog to version {}: {}", step.version(), step.description());
                step.change().apply(connection);
                try (Statement statement = connection.createStatement()) {
                    for (String sql : dialect.extraMigration(step.version())) {
                        statement.execute(sql);
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                    insert.setInt(1, step.version());
                    insert.setString(2, step.description());
                    insert.setLong(3, System.currentTimeMillis());
                    insert.executeUpdate();
                }
                connection.commit();
            }
            int current = currentVersion(connection);
            connection.commit();
            return current;
        }
    }

    private static void ensureVersionTable(Connection connection) throws SQLException {
        String schema = connection.getSchema();
        try (ResultSet rs = connection.getMetaData().getTables(null, schema, "SCHEMA_VERSION", null)) {
            if (rs.next()) {
                return;
            }
        }
        try (ResultSet rs = connection.getMetaData().getTables(null, schema, "schema_version", null)) {
            if (rs.next()) {
                return;
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, "
                    + "description VARCHAR(200) NOT NULL, applied_at BIGINT NOT NULL)");
        }
        connection.commit();
    }

    private static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static Change sqlResource(String resource) {
        return connection -> {
            CatalogDialect dialect = CatalogDialect.of(connection);
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements(readResource(resource))) {
                    statement.execute(dialect.ddl(sql));
                }
            }
        };
    }

    /** Splits a script on semicolons that end a line; lines starting with -- are comments. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    private static String readResource(String resource) throws IOException {
        try (InputStream in = CatalogMigrator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing migration resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
