package org.longplay.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longplay.camel.Headers;
import org.longplay.camel.Reports;
import org.longplay.fixtures.FixtureGenerator;
import org.longplay.fixtures.MediaOptions;
import org.longplay.plan.PlanReport;

/**
 * One catalogue planned by both engines' planning (HSQLDB's batches, PostgreSQL's one set-based statement)
 * gives the same track_files to the bit (secondary priorities compared as raw doubles) and the same report: a
 * first plan, then, after processing outcomes and a newer import, planning again.
 */
class PlanOnBothEnginesTest {

    private static final String PLANNED = "SELECT rowid, track_id, status, isrc_has_download, track_popularity, secondary_priority,"
            + " reencoded_kbit_vbr, status_reason, inputs_fetched_at, work_order FROM track_files ORDER BY rowid";

    @Test
    void bothEnginesPlanTheSameBitsAtFirstAndAgainAfterOutcomesAndANewerImport(@TempDir Path dir) throws Exception {
        Path fixture = dir.resolve("fixture");
        new FixtureGenerator(31).generate(fixture, 4000, MediaOptions.NONE);
        Path source = fixture.resolve("spotify_clean.sqlite3");
        Path hsqldb = dir.resolve("hsqldb");
        Path postgresql = dir.resolve("postgresql");
        TestWorkspace.onPostgresql(postgresql);

        List<String> first = planned(hsqldb, source, false);
        assertTrue(first.size() == 4000 && first.stream().anyMatch(r -> r.contains("skipped_isrc_has_download")), "a rich plan");
        assertEquals(first, planned(postgresql, source, false), "a first plan");
        assertEquals(report(hsqldb, true), report(postgresql, true), "the dry runs' reports");

        // the same outcomes on both, then a newer dump: popularity and followers moved, fetched later
        for (Path ws : List.of(hsqldb, postgresql)) {
            sql(ws, "UPDATE track_files SET status = 'success' WHERE MOD(rowid, 7) = 0 AND status = 'todo'",
                    "UPDATE track_files SET status = 'error_corrupt_original', status_reason = 'bad CRC' WHERE MOD(rowid, 11) = 0 AND status = 'todo'");
        }
        Path newer = Files.copy(source, dir.resolve("newer.sqlite3"));
        TestWorkspace.sqlite(newer, "UPDATE tracks SET popularity = (popularity + 13) % 101, fetched_at = fetched_at + 1 WHERE rowid % 5 = 0",
                "UPDATE artists SET followers_total = followers_total * 3 + 1, fetched_at = fetched_at + 1 WHERE rowid % 4 = 0");
        List<String> again = planned(hsqldb, newer, false);
        assertTrue(!again.equals(first), "the newer dump changed the plan");
        assertEquals(again, planned(postgresql, newer, false), "planning again");
        assertEquals(report(hsqldb, false), report(postgresql, false), "the reports of planning again");
    }

    /** Imports {@code source} into {@code ws} and plans; track_files' planned columns, row by row. */
    private static List<String> planned(Path ws, Path source, boolean dryRun) throws Exception {
        try (LongplayRuntime runtime = TestWorkspace.start(ws)) {
            Exchange imported = runtime.request("direct:import", Map.of(Headers.METADATA, source.toString()));
            assertNull(imported.getMessage().getHeader(Headers.EXIT_CODE));
            runtime.request("direct:plan", Map.of(Headers.DRY_RUN, dryRun));
            return rows(TestWorkspace.catalog(runtime));
        }
    }

    /** What `plan` says about the catalogue of {@code ws}, without its timing line. */
    private static String report(Path ws, boolean dryRun) throws Exception {
        try (LongplayRuntime runtime = TestWorkspace.start(ws)) {
            Exchange planned = runtime.request("direct:plan", Map.of(Headers.DRY_RUN, dryRun));
            PlanReport report = (PlanReport) Reports.all(planned).stream().filter(PlanReport.class::isInstance).findFirst().orElseThrow();
            return report.render().replaceAll("planned (\\d+) tracks in .*", "planned $1 tracks");
        }
    }

    private static List<String> rows(DataSource catalog) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = catalog.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(PLANNED)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    row.append(value instanceof Double d ? Long.toHexString(Double.doubleToRawLongBits(d)) : value).append('|');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static void sql(Path ws, String... statements) throws Exception {
        try (LongplayRuntime runtime = TestWorkspace.start(ws);
                Connection c = TestWorkspace.catalog(runtime).getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.executeUpdate(sql);
            }
        }
    }
}
