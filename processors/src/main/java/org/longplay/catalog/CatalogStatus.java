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

    public static CatalogStatus read(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            Map<String, Long> rows = new LinkedHashMap<>();
            for (String table : TABLES) {
                try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    rows.put(table, rs.getLong(1));
                }
            }
            return new CatalogStatus(rows,
                    groupCounts(statement, "SELECT status, COUNT(*) FROM track_files GROUP BY status ORDER BY status"),
                    groupCounts(statement, "SELECT source_table, COUNT(*) FROM rejects GROUP BY source_table ORDER BY source_table"));
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
        rowsPerTable.forEach((k, v) -> out.append(String.format("  %-22s %12d%n", k, v)));
        out.append("track_files by status\n");
        if (tracksPerStatus.isEmpty()) {
            out.append("  (none planned yet)\n");
        }
        tracksPerStatus.forEach((k, v) -> out.append(String.format("  %-32s %12d%n", k, v)));
        out.append("rejects by source table\n");
        if (rejectsPerTable.isEmpty()) {
            out.append("  (none)\n");
        }
        rejectsPerTable.forEach((k, v) -> out.append(String.format("  %-22s %12d%n", k, v)));
        return out.toString();
    }
}
