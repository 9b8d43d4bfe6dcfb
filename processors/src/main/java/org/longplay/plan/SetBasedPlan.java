package org.longplay.plan;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.longplay.catalog.CatalogDialect;
import org.longplay.catalog.FollowersLog10;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * docs/contracts.md §4 over every track at once, as a server engine (PostgreSQL) runs it best: one statement writes the
 * plan, the ISRC ranking inside it as a window over the ISRC groups' members ({@code MAX(kept) OVER (PARTITION
 * BY isrc ORDER BY popularity DESC, base priority DESC, rowid ROWS ... 1 PRECEDING)}, the same order
 * {@link Planner}'s ranking pass keeps), and one more counts the statuses for the report. A first plan inserts
 * into an empty track_files whose keys are built after the rows; planning again merges, rewriting only the rows
 * whose outcome changed. Same outcomes, to the bit, as the batched planning HSQLDB needs.
 */
final class SetBasedPlan {
    private static final Logger LOG = LoggerFactory.getLogger(SetBasedPlan.class);

    private final String outcomeSql;
    private final CatalogDialect dialect;

    SetBasedPlan(PlanSettings settings, PlanTerms terms, CatalogDialect dialect) {
        this.dialect = dialect;
        String members = terms.ofEachTrack("isrc_groups g JOIN tracks t ON t.rowid = g.track_rowid", "g.isrc AS member_isrc", "");
        String ranked = "SELECT rowid, COALESCE(MAX(kept_unless_shadowed) OVER (PARTITION BY member_isrc"
                + " ORDER BY popularity DESC, base_priority DESC, rowid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)"
                + " AS isrc_has_download FROM (" + members + ") e";
        this.outcomeSql = PlanOutcome.select(settings, terms.ofAllTracks() + dialect.computeOnce(),
                "LEFT JOIN (" + ranked + ") i ON i.rowid = p.rowid");
    }

    Planner.Tally plan(Connection connection, boolean dryRun, PlanReport report) throws SQLException {
        long started = System.nanoTime();
        Planner.Tally tally = new Planner.Tally();
        try (Statement statement = connection.createStatement()) {
            for (String setting : dialect.bulkStatementSettings()) {
                statement.execute(setting);
            }
            // the followers term is looked up (CatalogDialect.followersLog10): make sure every value is there
            FollowersLog10.refresh(connection);
            if (dryRun) {
                tally(statement, "SELECT status, popularity > 0, COUNT(*), SUM(duration_ms) FROM (" + outcomeSql + ") o GROUP BY 1, 2",
                        tally, report);
                connection.rollback();
                return tally;
            }
            boolean first = !statement.executeQuery("SELECT 1 FROM track_files FETCH FIRST 1 ROWS ONLY").next();
            long written;
            if (first) {
                List<String> restore = CatalogDialect.of(connection).dropKeysForLoad(connection, "track_files");
                written = statement.executeUpdate("INSERT INTO track_files (" + PlanOutcome.COLUMNS + ") SELECT rowid, track_id, status,"
                        + " isrc_has_download, popularity, secondary_priority, reencoded_kbit_vbr, status_reason, inputs_fetched_at,"
                        + " work_order FROM (" + outcomeSql + ") o");
                for (String sql : restore) {
                    statement.execute(sql);
                }
            } else {
                written = statement.executeUpdate("MERGE INTO track_files f USING (" + outcomeSql + ") o ON f.rowid = o.rowid"
                        + " WHEN MATCHED AND o.write_kind = 'U' THEN UPDATE SET track_id = o.track_id, status = o.status,"
                        + " isrc_has_download = o.isrc_has_download, track_popularity = o.popularity,"
                        + " secondary_priority = o.secondary_priority, reencoded_kbit_vbr = o.reencoded_kbit_vbr,"
                        + " status_reason = o.status_reason, inputs_fetched_at = o.inputs_fetched_at, work_order = o.work_order"
                        + " WHEN NOT MATCHED THEN INSERT (" + PlanOutcome.COLUMNS + ") VALUES (o.rowid, o.track_id, o.status,"
                        + " o.isrc_has_download, o.popularity, o.secondary_priority, o.reencoded_kbit_vbr, o.status_reason,"
                        + " o.inputs_fetched_at, o.work_order)");
            }
            statement.execute("ANALYZE track_files");
            connection.commit();
            long wroteAt = System.nanoTime();
            tally(statement, "SELECT f.status, f.track_popularity > 0, COUNT(*), SUM(t.duration_ms) FROM track_files f"
                    + " JOIN tracks t ON t.rowid = f.rowid GROUP BY 1, 2", tally, report);
            LOG.info("plan (set-based): {} rows written in {} s, counted in {} s", written,
                    String.format("%.1f", (wroteAt - started) / 1e9), String.format("%.1f", (System.nanoTime() - wroteAt) / 1e9));
            connection.commit();
        }
        return tally;
    }

    private static void tally(Statement statement, String sql, Planner.Tally tally, PlanReport report) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                tally.add(report, rs.getString(1), rs.getBoolean(2), rs.getLong(3), rs.getLong(4));
            }
        }
    }
}
