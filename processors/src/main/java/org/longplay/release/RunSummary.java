package org.longplay.release;

import org.longplay.common.Report;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The short report that ends {@code run} and {@code demo}: tracks per status, bytes kept as original
 * against bytes re-encoded, every released torrent with its info-hash, and the time of each stage.
 */
public record RunSummary(Map<String, Long> tracksPerStatus, long keptFiles, long keptBytes, long reencodedFiles,
                         long reencodedBytes, List<String> torrents, Map<String, Double> stageSeconds) implements Report {

    public RunSummary {
        tracksPerStatus = Map.copyOf(tracksPerStatus);
        torrents = List.copyOf(torrents);
        stageSeconds = new LinkedHashMap<>(stageSeconds);
    }

    public static RunSummary read(DataSource catalog, ReleasePlan plan, Map<String, Double> stageSeconds) throws SQLException {
        Map<String, Long> statuses = new java.util.TreeMap<>();
        long[] sizes = new long[4];
        List<String> torrents = new ArrayList<>();
        try (Connection c = catalog.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("SELECT status, COUNT(*) FROM track_files GROUP BY status");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    statuses.put(rs.getString(1), rs.getLong(2));
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT reencoded_kbit_vbr IS NULL, COUNT(*), COALESCE(SUM(filesize_bytes), 0) "
                    + "FROM track_files WHERE status = 'success' GROUP BY reencoded_kbit_vbr IS NULL");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    int at = rs.getBoolean(1) ? 0 : 2;
                    sizes[at] = rs.getLong(2);
                    sizes[at + 1] = rs.getLong(3);
                }
            }
            for (Stage stage : plan.stages()) {
                try (PreparedStatement s = c.prepareStatement("SELECT t.btih, t.torrent_file FROM release_torrents t JOIN release_stages st "
                        + "ON st.stage_id = t.stage_id WHERE t.stage_id = ? AND st.state = ? ORDER BY t.position")) {
                    s.setString(1, stage.id());
                    s.setString(2, Releaser.RELEASED);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            torrents.add(rs.getString(1) + "  " + stage.id() + "/" + rs.getString(2));
                        }
                    }
                }
            }
        }
        return new RunSummary(statuses, sizes[0], sizes[1], sizes[2], sizes[3], torrents, stageSeconds);
    }

    @Override
    public String render() {
        StringBuilder sb = new StringBuilder("summary\n  tracks by status:");
        new java.util.TreeMap<>(tracksPerStatus).forEach((k, v) -> sb.append(' ').append(k).append(' ').append(v).append(','));
        sb.setLength(sb.length() - (tracksPerStatus.isEmpty() ? 0 : 1));
        sb.append(String.format("%n  kept as original: %d files, %,d bytes; re-encoded to Opus: %d files, %,d bytes%n",
                keptFiles, keptBytes, reencodedFiles, reencodedBytes));
        sb.append("  torrents released: ").append(torrents.size()).append('\n');
        torrents.forEach(t -> sb.append("    ").append(t).append('\n'));
        sb.append("  time per stage:");
        stageSeconds.forEach((k, v) -> sb.append(String.format(" %s %.1f s,", k, v)));
        if (!stageSeconds.isEmpty()) {
            sb.setLength(sb.length() - 1);
        }
        return sb.append('\n').toString();
    }
}
