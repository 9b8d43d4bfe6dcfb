package org.longplay.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.longplay.catalog.CatalogDialect;
import org.longplay.common.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plan stage (DESIGN §4), set-based in SQL, in batches of track rowids; never a query per track.
 *
 * <p>Pass 1 writes each track's terms to {@code plan_terms}: popularity, duration, ISRC, the best
 * artist (highest popularity, then most followers) and the album, the secondary priority without
 * its ISRC term ("base"), whether the track is kept unless a kept copy ranks above it in its ISRC
 * group, and a finished status that stays (success, or a processing error) when its inputs did not
 * change. Pass 2 ranks each track against the other members of its ISRC group and writes the
 * outcome to {@code track_files}; a dry run aggregates the same outcome instead.
 *
 * <p>Why one pass suffices for the ISRC rule: a member is kept only if nothing kept ranks above it,
 * so the highest-ranked member that would be kept on its own merits is kept, and every member
 * below it has a kept copy above. {@code isrc_has_download} is therefore "some member ranked above
 * is kept unless shadowed", which needs no iteration.
 */
public final class Planner {

    private static final Logger LOG = LoggerFactory.getLogger(Planner.class);

    /** Statuses that survive planning again while the track's inputs are unchanged. */
    private static final String STICKY = "'success', 'error_no_original', 'error_corrupt_original'";

    private static final String TERMS = """
            INSERT INTO plan_terms (rowid, track_id, popularity, duration_ms, isrc, album_popularity, artist_popularity,
                artist_followers, base_priority, kept_unless_shadowed, sticky_status, inputs_fetched_at)
            SELECT z.rowid, z.track_id, z.popularity, z.duration_ms, z.isrc, z.album_popularity, z.artist_popularity,
                z.artist_followers, z.base_priority,
                CASE WHEN z.sticky_status = 'success' THEN 1
                     WHEN z.sticky_status IS NOT NULL THEN 0
                     WHEN z.duration_ms = 0 THEN 0
                     WHEN z.popularity > 0 THEN 1
                     WHEN z.base_priority >= CAST(? AS DOUBLE PRECISION) THEN 1
                     ELSE 0 END,
                z.sticky_status, z.inputs_fetched_at
            FROM (SELECT y.*,
                    CAST(y.artist_popularity AS DOUBLE PRECISION) / 100 + CAST(y.album_popularity AS DOUBLE PRECISION) / 100
                        + LOG10(CAST(LEAST(100000000, y.artist_followers + 1) AS DOUBLE PRECISION)) / 8 AS base_priority,
                    CASE WHEN y.previous_status IN (%s) AND y.previous_inputs = y.inputs_fetched_at
                         THEN y.previous_status END AS sticky_status
                  FROM (SELECT x.rowid, x.track_id, x.popularity, x.duration_ms, x.isrc, x.album_popularity,
                          COALESCE(x.best_artist / 1000000000, 0) AS artist_popularity,
                          COALESCE(MOD(x.best_artist, 1000000000), 0) AS artist_followers,
                          GREATEST(x.track_fetched_at, x.album_fetched_at, COALESCE(x.artists_fetched_at, 0)) AS inputs_fetched_at,
                          x.previous_status, x.previous_inputs
                        FROM (SELECT t.rowid, t.id AS track_id, t.popularity, t.duration_ms, t.external_id_isrc AS isrc,
                                al.popularity AS album_popularity, t.fetched_at AS track_fetched_at, al.fetched_at AS album_fetched_at,
                                a.best_artist, a.artists_fetched_at,
                                f.status AS previous_status, f.inputs_fetched_at AS previous_inputs
                              FROM tracks t
                              JOIN albums al ON al.rowid = t.album_rowid
                              LEFT JOIN LATERAL (SELECT MAX(CAST(ar.popularity AS BIGINT) * 1000000000
                                                          + LEAST(ar.followers_total, 999999999)) AS best_artist,
                                                        MAX(ar.fetched_at) AS artists_fetched_at
                                                 FROM track_artists ta JOIN artists ar ON ar.rowid = ta.artist_rowid
                                                 WHERE ta.track_rowid = t.rowid) a ON TRUE
                              LEFT JOIN track_files f ON f.rowid = t.rowid
                              WHERE t.rowid BETWEEN CAST(? AS BIGINT) AND CAST(? AS BIGINT)) x) y) z
            """.formatted(STICKY);

    /** The outcome per track of a batch: the ISRC rank, then status, priority, bitrate and work order. */
    private static final String OUTCOME = """
            SELECT o.*,
                o.base_priority - 10 * o.isrc_has_download AS secondary_priority,
                CASE WHEN o.status IN ('todo', 'success') AND o.popularity = 0 THEN CAST(? AS INTEGER) END AS reencoded_kbit_vbr
            FROM (SELECT h.*,
                    -- string literals are fixed-width CHAR in standard SQL (HSQLDB pads them): trim the result
                    TRIM(TRAILING ' ' FROM CASE WHEN h.sticky_status IS NOT NULL THEN h.sticky_status
                         WHEN h.duration_ms = 0 THEN 'error_zero_duration'
                         WHEN h.popularity > 0 THEN 'todo'
                         WHEN h.isrc_has_download = 1 THEN 'skipped_isrc_has_download'
                         WHEN h.base_priority < CAST(? AS DOUBLE PRECISION) THEN 'skipped_low_priority'
                         ELSE 'todo' END) AS status
                  FROM (SELECT p.rowid, p.track_id, p.popularity, p.duration_ms, p.base_priority, p.sticky_status,
                          p.inputs_fetched_at,
                          CASE WHEN EXISTS (
                              SELECT 1 FROM isrc_groups g
                              JOIN isrc_groups m ON m.isrc = g.isrc AND m.track_rowid <> g.track_rowid
                              JOIN plan_terms q ON q.rowid = m.track_rowid
                              WHERE g.isrc = p.isrc AND g.track_rowid = p.rowid AND q.kept_unless_shadowed = 1
                                AND (q.popularity > p.popularity
                                     OR (q.popularity = p.popularity AND (q.base_priority > p.base_priority
                                         OR (q.base_priority = p.base_priority AND q.rowid < p.rowid)))))
                          THEN 1 ELSE 0 END AS isrc_has_download
                        FROM plan_terms p
                        WHERE p.rowid BETWEEN CAST(? AS BIGINT) AND CAST(? AS BIGINT)) h) o
            """;

    /** Popularity descending, then (popularity 0) secondary priority descending at 1e-9; ties by rowid. */
    private static final String WORK_ORDER = "CAST((100 - s.popularity) AS BIGINT) * 100000000000"
            + " + CASE WHEN s.popularity = 0 THEN CAST(FLOOR((20 - s.secondary_priority) * 1000000000) AS BIGINT) ELSE 0 END";

    /** Writes the outcome; a row whose outcome did not change is not rewritten (planning again is mostly reading). */
    private static final String WRITE = """
            MERGE INTO track_files f USING (%s) s ON f.rowid = s.rowid
            WHEN MATCHED AND (f.status IS DISTINCT FROM s.status OR f.isrc_has_download IS DISTINCT FROM s.isrc_has_download
                OR f.secondary_priority IS DISTINCT FROM s.secondary_priority OR f.track_popularity IS DISTINCT FROM s.popularity
                OR f.inputs_fetched_at IS DISTINCT FROM s.inputs_fetched_at
                OR f.track_id IS DISTINCT FROM s.track_id
                OR (s.sticky_status IS NULL AND f.reencoded_kbit_vbr IS DISTINCT FROM s.reencoded_kbit_vbr))
            THEN UPDATE SET
                track_id = s.track_id, status = s.status, isrc_has_download = s.isrc_has_download,
                track_popularity = s.popularity, secondary_priority = s.secondary_priority,
                reencoded_kbit_vbr = CASE WHEN s.sticky_status IS NULL THEN s.reencoded_kbit_vbr ELSE f.reencoded_kbit_vbr END,
                status_reason = CASE WHEN s.sticky_status IS NULL THEN NULL ELSE f.status_reason END,
                inputs_fetched_at = s.inputs_fetched_at, work_order = %s
            WHEN NOT MATCHED THEN INSERT (rowid, track_id, status, isrc_has_download, track_popularity, secondary_priority,
                reencoded_kbit_vbr, inputs_fetched_at, work_order)
            VALUES (s.rowid, s.track_id, s.status, s.isrc_has_download, s.popularity, s.secondary_priority,
                s.reencoded_kbit_vbr, s.inputs_fetched_at, %s)
            """.formatted(OUTCOME, WORK_ORDER, WORK_ORDER);

    /** A dry run's tally: tracks per status and their playing time, from the outcome itself. */
    private static final String TALLY_OUTCOME = "SELECT status, popularity, COUNT(*), SUM(duration_ms) FROM (" + OUTCOME
            + ") t GROUP BY status, popularity";

    /** A real run's tally: the same, from what was written. */
    private static final String TALLY_WRITTEN = "SELECT f.status, f.track_popularity, COUNT(*), SUM(p.duration_ms)"
            + " FROM track_files f JOIN plan_terms p ON p.rowid = f.rowid WHERE f.rowid BETWEEN ? AND ?"
            + " GROUP BY f.status, f.track_popularity";

    private final DataSource catalog;
    private final PlanSettings settings;

    public Planner(DataSource catalog, PlanSettings settings) {
        this.catalog = catalog;
        this.settings = settings;
    }

    public PlanReport plan(boolean dryRun) throws SQLException {
        long started = System.nanoTime();
        PlanReport report = new PlanReport(dryRun);
        try (Connection connection = catalog.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("TRUNCATE TABLE plan_terms");
            }
            connection.commit();
            long tracks = count(connection, "SELECT COUNT(*) FROM tracks");
            java.util.List<long[]> ranges = batches(connection);
            if (!dryRun) {
                CatalogDialect.beginBulkLoad(connection);
            }
            try (Progress progress = Progress.onTerminal(dryRun ? "plan (dry run)" : "plan", tracks * 2)) {
                long done = 0;
                try (PreparedStatement terms = connection.prepareStatement(TERMS)) {
                    for (long[] range : ranges) {
                        terms.setDouble(1, settings.priorityThreshold());
                        terms.setLong(2, range[0]);
                        terms.setLong(3, range[1]);
                        done += terms.executeUpdate();
                        connection.commit();
                        progress.update(done);
                    }
                }
                LOG.info("plan pass 1 (terms): {} tracks in {} s", done, String.format("%.1f", (System.nanoTime() - started) / 1e9));
                try (PreparedStatement write = connection.prepareStatement(WRITE);
                        PreparedStatement tally = connection.prepareStatement(dryRun ? TALLY_OUTCOME : TALLY_WRITTEN)) {
                    for (long[] range : ranges) {
                        if (dryRun) {
                            bindOutcome(tally, range);
                        } else {
                            bindOutcome(write, range);
                            write.executeUpdate();
                            tally.setLong(1, range[0]);
                            tally.setLong(2, range[1]);
                        }
                        try (ResultSet rs = tally.executeQuery()) {
                            while (rs.next()) {
                                tallyRow(report, rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getLong(4));
                            }
                        }
                        connection.commit();
                        done += range[2];
                        progress.update(done);
                    }
                }
            } finally {
                if (!dryRun) {
                    CatalogDialect.endBulkLoad(connection);
                }
            }
        }
        report.setSeconds((System.nanoTime() - started) / 1e9);
        return report;
    }

    private void bindOutcome(PreparedStatement statement, long[] range) throws SQLException {
        statement.setInt(1, settings.reencodeKbit());
        statement.setDouble(2, settings.priorityThreshold());
        statement.setLong(3, range[0]);
        statement.setLong(4, range[1]);
    }

    private void tallyRow(PlanReport report, String status, int popularity, long tracks, long durationMs) {
        report.add(status, tracks);
        boolean kept = status.equals("todo") || status.equals("success");
        if (kept) {
            long seconds = durationMs / 1000;
            if (popularity > 0) {
                report.addBytes(seconds * settings.originalKbit() * 1000 / 8, 0);
            } else {
                report.addBytes(0, seconds * settings.reencodeKbit() * 1000 / 8);
            }
        }
    }

    /** Rowid ranges of about {@code batchSize} tracks each: {first, last, tracks}, found by walking the key. */
    private java.util.List<long[]> batches(Connection connection) throws SQLException {
        java.util.List<long[]> ranges = new java.util.ArrayList<>();
        try (PreparedStatement next = connection.prepareStatement(
                "SELECT MIN(rowid), MAX(rowid), COUNT(*) FROM (SELECT rowid FROM tracks WHERE rowid > ? ORDER BY rowid"
                        + " FETCH FIRST " + settings.batchSize() + " ROWS ONLY) b")) {
            long after = Long.MIN_VALUE;
            while (true) {
                next.setLong(1, after);
                try (ResultSet rs = next.executeQuery()) {
                    rs.next();
                    long count = rs.getLong(3);
                    if (count == 0) {
                        return ranges;
                    }
                    ranges.add(new long[] {rs.getLong(1), rs.getLong(2), count});
                    after = rs.getLong(2);
                }
            }
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
