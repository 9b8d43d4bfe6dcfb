package org.longplay.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.hsqldb.jdbc.JDBCDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogMigratorTest {

    private static JDBCDataSource hsqldb(Path dir) {
        JDBCDataSource dataSource = new JDBCDataSource();
        dataSource.setUrl("jdbc:hsqldb:file:" + dir.resolve("catalog") + ";hsqldb.default_table_type=cached");
        dataSource.setUser("SA");
        return dataSource;
    }

    @Test
    void migratingCreatesTheCatalogAndMigratingAgainChangesNothing(@TempDir Path dir) throws Exception {
        JDBCDataSource dataSource = hsqldb(dir);
        int latest = CatalogMigrator.STEPS.get(CatalogMigrator.STEPS.size() - 1).version();
        assertEquals(latest, new CatalogMigrator(dataSource).migrate());
        assertEquals(latest, new CatalogMigrator(dataSource).migrate());
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM schema_version")) {
                rs.next();
                assertEquals(CatalogMigrator.STEPS.size(), rs.getInt(1), "each step recorded once");
            }
            statement.execute("SHUTDOWN");
        }
    }

    @Test
    void trackFilesHasTheReferenceReleasesColumnsInOrder(@TempDir Path dir) throws Exception {
        JDBCDataSource dataSource = hsqldb(dir);
        new CatalogMigrator(dataSource).migrate();
        List<String> reference = List.of("rowid", "track_id", "filename", "reencoded_kbit_vbr", "fetched_at",
                "session_country", "sha256_original", "sha256_with_embedded_meta", "status", "isrc_has_download",
                "track_popularity", "secondary_priority", "prefixed_ogg_packet", "alternatives", "file_id_ogg_vorbis_96",
                "file_id_ogg_vorbis_160", "file_id_ogg_vorbis_320", "file_id_aac_24", "language_of_performance",
                "artist_roles", "has_lyrics", "licensor", "original_title", "version_title", "file_id_mp3_96",
                "content_ratings", "filesize_bytes");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM track_files")) {
            for (int i = 0; i < reference.size(); i++) {
                assertEquals(reference.get(i), rs.getMetaData().getColumnLabel(i + 1).toLowerCase(), "column " + (i + 1));
            }
            statement.execute("SHUTDOWN");
        }
    }

    /** A catalogue bean on a fresh database of the tests' PostgreSQL server. */
    static CatalogDataSource postgres() throws Exception {
        PostgresServer server = PostgresServer.shared();
        CatalogDataSource catalog = new CatalogDataSource();
        catalog.setUrl(server.createDatabase());
        catalog.setUser(PostgresServer.USER);
        catalog.setPasswordFile(server.passwordFile().toString());
        return catalog;
    }

    @Test
    void onPostgresqlTheSameStepsCreateTheCatalogWithTheReferenceColumnsAndMigratingAgainChangesNothing() throws Exception {
        try (CatalogDataSource catalog = postgres()) {
            int latest = CatalogMigrator.STEPS.get(CatalogMigrator.STEPS.size() - 1).version();
            assertEquals(latest, new CatalogMigrator(catalog).migrate());
            assertEquals(latest, new CatalogMigrator(catalog).migrate());
            try (Connection connection = catalog.getConnection(); Statement statement = connection.createStatement()) {
                try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM schema_version")) {
                    rs.next();
                    assertEquals(CatalogMigrator.STEPS.size(), rs.getInt(1), "each step recorded once");
                }
                try (ResultSet rs = statement.executeQuery("SELECT * FROM track_files")) {
                    assertEquals(27 + 5, rs.getMetaData().getColumnCount(), "the reference's 27 columns, then Longplay's own");
                    assertEquals("prefixed_ogg_packet", rs.getMetaData().getColumnLabel(13));
                    assertEquals("bytea", rs.getMetaData().getColumnTypeName(13));
                }
                // text sorts by code point whatever the database's locale: 'B' < 'a' < 'é'
                statement.execute("INSERT INTO settings (name, setting) VALUES ('é', ''), ('a', ''), ('B', '')");
                try (ResultSet rs = statement.executeQuery("SELECT name FROM settings ORDER BY name")) {
                    List<String> names = new java.util.ArrayList<>();
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                    assertEquals(List.of("B", "a", "é"), names);
                }
            }
        }
    }

    @Test
    void workersStartingAtTheSameMomentMigrateAPostgresqlCatalogueOnce() throws Exception {
        try (CatalogDataSource catalog = postgres()) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<Integer>> runs = new java.util.ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    runs.add(pool.submit(() -> new CatalogMigrator(catalog).migrate()));
                }
                for (java.util.concurrent.Future<Integer> run : runs) {
                    assertEquals(CatalogMigrator.STEPS.size(), run.get());
                }
            } finally {
                pool.shutdownNow();
            }
            try (Connection connection = catalog.getConnection(); Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_version")) {
                rs.next();
                assertEquals(CatalogMigrator.STEPS.size(), rs.getInt(1));
                assertEquals(CatalogMigrator.STEPS.size(), rs.getInt(2));
            }
        }
    }

    @Test
    void aScriptSplitsIntoItsStatements() {
        assertEquals(List.of("CREATE TABLE a (x INT)", "CREATE TABLE b (y INT)"),
                CatalogMigrator.statements("-- comment\nCREATE TABLE a (x INT);\n\nCREATE TABLE b (\n y INT);\n")
                        .stream().map(s -> s.replaceAll("\\s+", " ").replace("( ", "(")).toList());
    }
}
