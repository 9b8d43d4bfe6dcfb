package org.longplay.catalog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Row counts per catalog table, per {@code track_files.status} and per rejected source table. */
public record CatalogStatus(Map<String, Long> rowsPerTable, Map<String, Long> tracksPerStatus, Map<String, Long> rejectsPerTable)
        implements org.longplay.common.Report {

    public static final List<String> TABLES = List.of("artists", "artist_genres", "albums", "album_images",
            "artist_albums", "tracks", "track_artists", "isrc_groups", "audio_features", "track_files", "rejects");

    /** A table another command holds alone while it loads it (an import, a first plan): counted as this. */
    public static final long BUSY = -1;

    /**
     * The counts, from {@code dataSource} as {@link CatalogDataSource#impatient()} gives it: on a shared catalogue an
     * import or a first plan holds the table it loads alone until it commits, and status answers at once, saying
     * which table it could not count.
     */
    public static CatalogStatus read(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            CatalogDialect dialect = CatalogDialect.of(connection);
            Map<String, Long> rows = new LinkedHashMap<>();
            for (String table : TABLES) {
                try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    rows.put(table, rs.getLong(1));
                } catch (SQLException e) {
                    if (!dialect.lockNotAvailable(e)) {
                        throw e;
                    }
                    rows.put(table, BUSY);
                }
            }
            Map<String, Long> statuses = new LinkedHashMap<>();
            Map<String, Long> rejects = new LinkedHashMap<>();
            try {
                statuses.putAll(groupCounts(statement, "SELECT status, COUNT(*) FROM track_files GROUP BY status ORDER BY status"));
                rejects.putAll(groupCounts(statement, "SELECT source_table, COUNT(*) FROM rejects GROUP BY source_table ORDER BY source_table"));
            } catch (SQLException e) {
                if (!dialect.lockNotAvailable(e)) {
                    throw e;
                }
                statuses.put("(busy: another command is writing the catalogue)", BUSY);
            }
            return new CatalogStatus(rows, statuses, rejects);
        }
    }

    private static Map<String, Long> groupCounts(Statement statement, String sql) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    /** The text {@code longplay status} prints: one "name count" pair per line, in three sections. */
    @Override
    public String render() {
        StringBuilder out = new StringBuilder("tables\n");
        rowsPerTable.forEach((k, v) -> out.append(v == BUSY ? String.format("  %-22s %12s%n", k, "busy (being loaded)")
                : String.format("  %-22s %12d%n", k, v)));
        out.append("track_files by status\n");
        if (tracksPerStatus.isEmpty()) {
            out.append("  (none planned yet)\n");
        }
        tracksPerStatus.forEach((k, v) -> out.append(v == BUSY ? "  " + k + "\n" : String.format("  %-32s %12d%n", k, v)));
        out.append("rejects by source table\n");
        if (rejectsPerTable.isEmpty()) {
            out.append("  (none)\n");
        }
        rejectsPerTable.forEach((k, v) -> out.append(String.format("  %-22s %12d%n", k, v)));
        return out.toString();
    }
}
