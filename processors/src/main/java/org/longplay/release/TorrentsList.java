package org.longplay.release;

import org.longplay.process.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code releases/torrents.json}: a JSON array, one object per line, a row per torrent of every released
 * stage in plan order (docs/contracts.md §5.6 fields, plus {@code btmh} for hybrids, {@code stage} and {@code url},
 * the .torrent's path under releases/). Written whole from the catalogue, through a temporary file and
 * a rename, so readers never see a half list.
 */
public final class TorrentsList {
    private TorrentsList() {
    }

    /** Writes the list of released stages plus {@code publishing} (the stage being published). */
    public static void write(Connection c, ReleaseSettings settings, String publishing) throws SQLException, IOException {
        List<String> order = settings.plan().stages().stream().map(Stage::id).toList();
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT t.stage_id, t.torrent_file, t.display_name, t.group_name, t.btih, t.btmh, "
                + "t.magnet_link, t.torrent_size, t.num_files, t.data_size, t.is_metadata, st.released_at FROM release_torrents t "
                + "JOIN release_stages st ON st.stage_id = t.stage_id WHERE st.state = ? OR st.stage_id = ? ORDER BY t.stage_id, t.position")) {
            s.setString(1, Releaser.RELEASED);
            s.setString(2, publishing);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("display_name", rs.getString(3));
                    row.put("group_name", rs.getString(4));
                    row.put("btih", rs.getString(5));
                    if (rs.getString(6) != null) {
                        row.put("btmh", rs.getString(6));
                    }
                    row.put("magnet_link", rs.getString(7));
                    row.put("torrent_size", rs.getLong(8));
                    row.put("num_files", rs.getLong(9));
                    row.put("data_size", rs.getLong(10));
                    row.put("is_metadata", rs.getBoolean(11));
                    row.put("added_to_torrents_list_at", Instant.ofEpochMilli(rs.getLong(12)).toString());
                    row.put("stage", rs.getString(1));
                    row.put("url", rs.getString(1) + "/" + rs.getString(2));
                    rows.add(row);
                }
            }
        }
        rows.sort((a, b) -> {
            int ia = order.indexOf((String) a.get("stage"));
            int ib = order.indexOf((String) b.get("stage"));
            return Integer.compare(ia < 0 ? Integer.MAX_VALUE : ia, ib < 0 ? Integer.MAX_VALUE : ib); // stable: positions kept
        });
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < rows.size(); i++) {
            json.append(i == 0 ? "\n" : ",\n");
            JsonText.appendObject(json, rows.get(i));
        }
        json.append(rows.isEmpty() ? "]\n" : "\n]\n");
        new AtomicFiles(settings.workspace().resolve("tmp"), true)
                .publish(settings.releases(), settings.torrentsList(), "torrents.json.partial", json.toString().getBytes(StandardCharsets.UTF_8));
    }
}
