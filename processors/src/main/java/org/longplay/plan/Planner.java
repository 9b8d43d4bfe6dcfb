package org.longplay.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.longplay.catalog.CatalogDialect;
import org.longplay.catalog.CatalogLocks;
import org.longplay.common.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plan stage (docs/contracts.md §4), set-based in SQL, in batches; never a query per track.
 *
 * <p>Pass 1 ranks the ISRC groups: the members of every group shared by two or more tracks are
 * listed by rowid ({@code plan_isrc_members}, in ISRC batches of whole groups), their terms
 * ({@link PlanTerms}) go to {@code plan_isrc} in rowid batches (in ISRC order each look-up would
 * miss the row cache), and each member gets its {@code isrc_has_download}. Pass 2 reads every track once, in rowid batches, with its terms,
 * its rank from pass 1 and the row planning wrote last time, and SQL computes the outcome and
 * whether that row must be inserted or rewritten; this class only carries those rows to the writes
 * (a dry run to the tally alone). Most tracks are in no group, so pass 1 is small, and planning
 * again writes only what changed.
 *
 * <p>On a server engine (PostgreSQL) the same rules run over every track at once ({@link SetBasedPlan}):
 * the batches here are what HSQLDB needs to stay within its row cache.
 *
 * <p>Why one ranking pass suffices: a member is kept only if nothing kept ranks above it, so the
 * highest-ranked member that would be kept on its own merits is kept, and every member below it
 * has a kept copy above. {@code isrc_has_download} is therefore "some member ranked above is kept
 * unless shadowed", which needs no iteration.
 */
public final class Planner {

    private static final Logger LOG = LoggerFactory.getLogger(Planner.class);

    /** Parameters: the batch's first and last ISRC. */
    private static final String MEMBERS = "INSERT INTO plan_isrc_members (rowid, isrc)"
            + " SELECT track_rowid, isrc FROM isrc_groups WHERE isrc BETWEEN ? AND ?";

    /** The ISRC order of docs/contracts.md §4 (rule 5): popularity, then priority without its ISRC term, then rowid. Parameters: rowid range. */
    private static final String RANK = """
            UPDATE plan_isrc p SET isrc_has_download = CASE WHEN EXISTS (
                SELECT 1 FROM plan_isrc q
                WHERE q.isrc = p.isrc AND q.rowid <> p.rowid AND q.kept_unless_shadowed = 1
                  AND (q.popularity > p.popularity
                       OR (q.popularity = p.popularity AND (q.base_priority > p.base_priority
                           OR (q.base_priority = p.base_priority AND q.rowid < p.rowid)))))
                THEN 1 ELSE 0 END
            WHERE p.rowid BETWEEN CAST(? AS BIGINT) AND CAST(? AS BIGINT)
            """;

    private static final String INSERT = "INSERT INTO track_files (" + PlanOutcome.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String REWRITE = "UPDATE track_files SET track_id = ?, status = ?, isrc_has_download = ?,"
            + " track_popularity = ?, secondary_priority = ?, reencoded_kbit_vbr = ?, status_reason = ?, inputs_fetched_at = ?,"
            + " work_order = ? WHERE rowid = ?";

    private final DataSource catalog;
    private final PlanSettings settings;
    /** Terms of the ISRC group members of a rowid range, into plan_isrc. Parameters: rowid range. */
    private final String memberTermsSql;
    /** Each track's outcome, and how it reaches track_files: 'I' insert, 'U' rewrite, NULL unchanged. Parameters: rowid range x 2. */
    private final String outcomeSql;
    /** The same rules over every track at once, for a server engine. */
    private final SetBasedPlan setBased;
    private final boolean embedded;

    public Planner(DataSource catalog, PlanSettings settings) throws SQLException {
        this.catalog = catalog;
        this.settings = settings;
        PlanTerms terms = new PlanTerms(CatalogDialect.of(catalog), settings.priorityThreshold());
        this.memberTermsSql = "INSERT INTO plan_isrc (rowid, isrc, popularity, base_priority, kept_unless_shadowed)"
                + " SELECT rowid, member_isrc, popularity, base_priority, kept_unless_shadowed FROM ("
                + terms.ofEachTrack("plan_isrc_members m JOIN tracks t ON t.rowid = m.rowid",
                        "m.isrc AS member_isrc", "WHERE m.rowid BETWEEN CAST(? AS BIGINT) AND CAST(? AS BIGINT)") + ") e";
        this.outcomeSql = PlanOutcome.select(settings, terms.ofRowidRange(), "LEFT JOIN plan_isrc i ON i.rowid = p.rowid");
        this.setBased = new SetBasedPlan(settings, terms, CatalogDialect.of(catalog));
        this.embedded = CatalogDialect.of(catalog).embedded();
    }

    public PlanReport plan(boolean dryRun) throws SQLException {
        long started = System.nanoTime();
        PlanReport report = new PlanReport(dryRun);
        // alone on the catalogue: never under running workers, an import or a release (a dry run too: it fills the scratch tables)
        try (CatalogLocks.Held alone = CatalogLocks.exclusive(catalog, CatalogLocks.CATALOGUE, "plan");
                Connection connection = catalog.getConnection()) {
            connection.setAutoCommit(false);
            if (!embedded) {
                Tally tally = setBased.plan(connection, dryRun, report);
                report.addBytes(tally.originalMs * settings.originalKbit() / 8, tally.reencodedMs * settings.reencodeKbit() / 8);
                report.setSeconds((System.nanoTime() - started) / 1e9);
                return report;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("TRUNCATE TABLE plan_isrc_members");
                statement.execute("TRUNCATE TABLE plan_isrc");
            }
            connection.commit();
            long tracks = count(connection, "SELECT COUNT(*) FROM tracks");
            long members = count(connection, "SELECT COUNT(*) FROM isrc_groups");
            List<long[]> batches = rowidBatches(connection);
            if (!dryRun) {
                CatalogDialect.of(connection).beginBulkLoad(connection);
            }
            try (Progress progress = Progress.onTerminal(dryRun ? "plan (dry run)" : "plan", members + tracks)) {
                long ranked = rankIsrcGroups(connection, batches, progress);
                long decided = System.nanoTime();
                Tally tally = decide(connection, batches, dryRun, report, progress, ranked);
                LOG.info("plan pass 2 (outcome): {} tracks in {} s", tracks, seconds(decided, System.nanoTime()));
                // kbit/s is bits per millisecond
                report.addBytes(tally.originalMs * settings.originalKbit() / 8, tally.reencodedMs * settings.reencodeKbit() / 8);
            } finally {
                if (!dryRun) {
                    CatalogDialect.of(connection).endBulkLoad(connection);
                }
            }
        }
        report.setSeconds((System.nanoTime() - started) / 1e9);
        return report;
    }

    private long rankIsrcGroups(Connection connection, List<long[]> batches, Progress progress) throws SQLException {
        long started = System.nanoTime();
        long done = 0;
        try (PreparedStatement members = connection.prepareStatement(MEMBERS)) {
            for (String[] range : isrcBatches(connection)) {
                members.setString(1, range[0]);
                members.setString(2, range[1]);
                done += members.executeUpdate();
                connection.commit();
            }
        }
        long listed = System.nanoTime();
        updateEachBatch(connection, memberTermsSql, batches);
        long termed = System.nanoTime();
        updateEachBatch(connection, RANK, batches);
        LOG.info("plan pass 1 (ISRC groups): {} members listed in {} s, their terms in {} s, ranked in {} s", done,
                seconds(started, listed), seconds(listed, termed), seconds(termed, System.nanoTime()));
        progress.update(done);
        return done;
    }

    /** Runs an update whose parameters are a rowid range once per batch, committing each. */
    private static void updateEachBatch(Connection connection, String sql, List<long[]> batches) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            for (long[] range : batches) {
                update.setLong(1, range[0]);
                update.setLong(2, range[1]);
                update.executeUpdate();
                connection.commit();
            }
        }
    }

    private static String seconds(long from, long to) {
        return String.format("%.1f", (to - from) / 1e9);
    }

    private Tally decide(Connection connection, List<long[]> batches, boolean dryRun, PlanReport report, Progress progress, long done)
            throws SQLException {
        Tally tally = new Tally();
        try (PreparedStatement outcome = connection.prepareStatement(outcomeSql);
                PreparedStatement insert = connection.prepareStatement(INSERT);
                PreparedStatement rewrite = connection.prepareStatement(REWRITE)) {
            for (long[] range : batches) {
                outcome.setLong(1, range[0]);
                outcome.setLong(2, range[1]);
                outcome.setLong(3, range[0]);
                outcome.setLong(4, range[1]);
                int inserts = 0;
                int rewrites = 0;
                try (ResultSet rs = outcome.executeQuery()) {
                    while (rs.next()) {
                        done++;
                        tally.add(report, rs.getString(3), rs.getInt(5), rs.getLong(11));
                        String writeKind = rs.getString(12);
                        if (dryRun || writeKind == null) {
                            continue;
                        }
                        if (writeKind.equals("I")) {
                            for (int column = 1; column <= 10; column++) {
                                insert.setObject(column, rs.getObject(column));
                            }
                            insert.addBatch();
                            inserts++;
                        } else {
                            for (int column = 2; column <= 10; column++) {
                                rewrite.setObject(column - 1, rs.getObject(column));
                            }
                            rewrite.setLong(10, rs.getLong(1));
                            rewrite.addBatch();
                            rewrites++;
                        }
                    }
                }
                if (inserts > 0) {
                    insert.executeBatch();
                }
                if (rewrites > 0) {
                    rewrite.executeBatch();
                }
                connection.commit();
                progress.update(done);
            }
        }
        return tally;
    }

    /** Tracks per status, and the playing time of the kept ones: originals (popularity > 0) and re-encodes. */
    static final class Tally {
        long originalMs;
        long reencodedMs;

        void add(PlanReport report, String status, int popularity, long durationMs) {
            add(report, status, popularity > 0, 1, durationMs);
        }

        /** {@code tracks} of one status and one side of popularity 0, with their playing time. */
        void add(PlanReport report, String status, boolean popular, long tracks, long durationMs) {
            report.add(status, tracks);
            if (status.equals("todo") || status.equals("success")) {
                if (popular) {
                    originalMs += durationMs;
                } else {
                    reencodedMs += durationMs;
                }
            }
        }
    }

    /**
     * Rowid ranges {first, last} of at most {@code batchSize} tracks: a fixed width from the first rowid
     * at or after the previous range, so gaps cost one index probe and nothing is read to count rows.
     */
    private List<long[]> rowidBatches(Connection connection) throws SQLException {
        List<long[]> ranges = new ArrayList<>();
        try (PreparedStatement next = connection.prepareStatement(
                "SELECT rowid FROM tracks WHERE rowid >= ? ORDER BY rowid FETCH FIRST 1 ROWS ONLY")) {
            long from = Long.MIN_VALUE;
            while (true) {
                next.setLong(1, from);
                try (ResultSet rs = next.executeQuery()) {
                    if (!rs.next()) {
                        return ranges;
                    }
                    long first = rs.getLong(1);
                    long last = first > Long.MAX_VALUE - settings.batchSize() ? Long.MAX_VALUE : first + settings.batchSize() - 1;
                    ranges.add(new long[] {first, last});
                    if (last == Long.MAX_VALUE) {
                        return ranges;
                    }
                    from = last + 1;
                }
            }
        }
    }

    /**
     * ISRC ranges {first, last} of about {@code batchSize} group members each, found by walking the key;
     * a range takes its last ISRC whole, so the next one starts after it and no member is listed twice.
     */
    private List<String[]> isrcBatches(Connection connection) throws SQLException {
        List<String[]> ranges = new ArrayList<>();
        String sql = "SELECT MIN(isrc), MAX(isrc) FROM (SELECT isrc FROM isrc_groups %s ORDER BY isrc, track_rowid FETCH FIRST "
                + settings.batchSize() + " ROWS ONLY) b";
        try (PreparedStatement first = connection.prepareStatement(sql.formatted(""));
                PreparedStatement next = connection.prepareStatement(sql.formatted("WHERE isrc > ?"))) {
            PreparedStatement query = first;
            while (true) {
                try (ResultSet rs = query.executeQuery()) {
                    rs.next();
                    if (rs.getString(1) == null) {
                        return ranges;
                    }
                    ranges.add(new String[] {rs.getString(1), rs.getString(2)});
                    next.setString(1, rs.getString(2));
                    query = next;
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
