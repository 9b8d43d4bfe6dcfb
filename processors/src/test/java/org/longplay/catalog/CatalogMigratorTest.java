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

    @Test
    void aScriptSplitsIntoItsStatements() {
        assertEquals(List.of("CREATE TABLE a (x INT)", "CREATE TABLE b (y INT)"),
                CatalogMigrator.statements("-- comment\nCREATE TABLE a (x INT);\n\nCREATE TABLE b (\n y INT);\n")
                        .stream().map(s -> s.replaceAll("\\s+", " ").replace("( ", "(")).toList());
    }
}
