package org.longplay.camel;

import org.longplay.release.JsonText;
import org.longplay.release.Releaser;
import org.longplay.process.ProcessWorker;
import org.longplay.process.WorkersReport;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of {@code GET /status}: tracks per status, the release stage table, and the current rate
 * (tracks recorded as processed in the last minute, from the catalogue, so it is right whoever processes).
 */
final class ServeStatus {
    private ServeStatus() {
    }

    static String json(DataSource catalog, ReleaseConfig releaseConfig, String releaseRunning) throws SQLException {
        Map<String, Object> statuses = new LinkedHashMap<>();
        long lastMinute;
        try (Connection c = catalog.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("SELECT status, COUNT(*) FROM track_files GROUP BY status ORDER BY status");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    statuses.put(rs.getString(1), rs.getLong(2));
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM track_files WHERE status = 'success' AND fetched_at > ?")) {
                s.setLong(1, System.currentTimeMillis() - 60_000);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    lastMinute = rs.getLong(1);
                }
            }
        }
        StringBuilder stages = new StringBuilder("[");
        for (Releaser.StageStatus st : new Releaser(releaseConfig.settings(null), catalog).status()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", st.stage().id());
            row.put("kind", st.stage().kind().label());
            row.put("state", st.state());
            row.put("released_at", st.releasedAt() == null ? null : st.releasedAt().toString());
            row.put("torrents", (long) st.torrents());
            row.put("files", st.files());
            row.put("bytes", st.bytes());
            row.put("empty", st.empty());
            row.put("empty_reason", st.empty() ? st.stage().emptyReason() : null);
            row.put("waits_for", st.waitingFor());
            stages.append(stages.length() == 1 ? "" : ",");
            JsonText.appendObject(stages, row);
        }
        stages.append(']');
        Map<String, Object> rate = new LinkedHashMap<>();
        rate.put("tracks_processed_last_minute", lastMinute);
        rate.put("tracks_per_second", lastMinute / 60.0);
        StringBuilder workers = new StringBuilder("[");
        for (ProcessWorker.Seen w : WorkersReport.read(catalog).workers()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("worker_id", w.workerId());
            row.put("state", w.state());
            row.put("host", w.host());
            row.put("pid", w.pid());
            row.put("threads", (long) w.threads());
            row.put("tracks_done", w.tracksDone());
            row.put("tracks_failed", w.tracksFailed());
            row.put("tracks_per_second", w.rate());
            row.put("lease_until", java.time.Instant.ofEpochMilli(w.leaseUntil()).toString());
            row.put("ended_at", w.endedAt() == null ? null : java.time.Instant.ofEpochMilli(w.endedAt()).toString());
            workers.append(workers.length() == 1 ? "" : ",");
            JsonText.appendObject(workers, row);
        }
        workers.append(']');
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("tracks_by_status", statuses);
        top.put("stages", new JsonText.Raw(stages.toString()));
        top.put("rate", rate);
        top.put("workers", new JsonText.Raw(workers.toString()));
        top.put("release_running", releaseRunning);
        return JsonText.object(top) + "\n";
    }
}
