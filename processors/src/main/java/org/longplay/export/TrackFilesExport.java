package org.longplay.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;

/**
 * Writes {@code track_files} as a SQLite file with exactly the reference release's table layout
 * (27 columns in order, rowid primary key, unique index on track_id), so tools written for that
 * release read it. Used by {@code longplay export} and by the metadata release stage.
 */
public final class TrackFilesExport {

    /** The reference release's columns, in order, with their SQLite types. */
    public static final List<String[]> COLUMNS = List.of(
            new String[] {"rowid", "INTEGER PRIMARY KEY"}, new String[] {"track_id", "TEXT NOT NULL"},
            new String[] {"filename", "TEXT"}, new String[] {"reencoded_kbit_vbr", "INTEGER"},
            new String[] {"fetched_at", "INTEGER"}, new String[] {"session_country", "TEXT"},
            new String[] {"sha256_original", "TEXT"}, new String[] {"sha256_with_embedded_meta", "TEXT"},
            new String[] {"status", "TEXT NOT NULL"}, new String[] {"isrc_has_download", "INTEGER"},
            new String[] {"track_popularity", "INTEGER"}, new String[] {"secondary_priority", "REAL"},
            new String[] {"prefixed_ogg_packet", "BLOB"}, new String[] {"alternatives", "TEXT"},
            new String[] {"file_id_ogg_vorbis_96", "TEXT"}, new String[] {"file_id_ogg_vorbis_160", "TEXT"},
            new String[] {"file_id_ogg_vorbis_320", "TEXT"}, new String[] {"file_id_aac_24", "TEXT"},
            new String[] {"language_of_performance", "TEXT"}, new String[] {"artist_roles", "TEXT"},
            new String[] {"has_lyrics", "INTEGER"}, new String[] {"licensor", "TEXT"},
            new String[] {"original_title", "TEXT"}, new String[] {"version_title", "TEXT"},
            new String[] {"file_id_mp3_96", "TEXT"}, new String[] {"content_ratings", "TEXT"},
            new String[] {"filesize_bytes", "INTEGER"});

    private static final int BATCH = 10_000;

    private TrackFilesExport() {
    }

    /** Exports every row, in rowid order, to {@code out} (written under a temporary name, then renamed); returns the row count. */
    public static long write(DataSource catalog, Path out) throws SQLException, IOException {
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = parent.resolve("." + out.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        String names = String.join(", ", COLUMNS.stream().map(c -> c[0]).toList());
        String marks = String.join(", ", COLUMNS.stream().map(c -> "?").toList());
        long rows = 0;
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.OFF);
        config.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
        try (Connection sqlite = config.createConnection("jdbc:sqlite:" + partial);
                Connection source = catalog.getConnection()) {
            sqlite.setAutoCommit(false);
            try (Statement ddl = sqlite.createStatement()) {
                ddl.execute("CREATE TABLE track_files (" + String.join(", ", COLUMNS.stream().map(c -> c[0] + " " + c[1]).toList()) + ")");
            }
            try (Statement read = source.createStatement();
                    PreparedStatement insert = sqlite.prepareStatement("INSERT INTO track_files (" + names + ") VALUES (" + marks + ")")) {
                read.setFetchSize(BATCH);
                try (ResultSet rs = read.executeQuery("SELECT " + names + " FROM track_files ORDER BY rowid")) {
                    while (rs.next()) {
                        for (int i = 1; i <= COLUMNS.size(); i++) {
                            insert.setObject(i, rs.getObject(i));
                        }
                        insert.addBatch();
                        if (++rows % BATCH == 0) {
                            insert.executeBatch();
                        }
                    }
                }
                insert.executeBatch();
            }
            try (Statement index = sqlite.createStatement()) {
                index.execute("CREATE UNIQUE INDEX track_files_track_id ON track_files (track_id)");
            }
            sqlite.commit();
        } catch (SQLException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return rows;
    }
}
