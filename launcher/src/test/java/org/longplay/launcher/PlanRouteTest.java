package org.longplay.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longplay.camel.Headers;
import org.longplay.plan.PlanReport;
import org.longplay.replay.CatalogDump;

/** The plan route on the hand-made plan-rules case, in the real runtime. */
class PlanRouteTest {

    private static final Path CASE = TestWorkspace.fixtureCase("plan-rules");

    /** Imports the plan-rules case into a fresh workspace (replay's own input step) and plans it. */
    private static LongplayRuntime importedAndPlanned(Path workspace) throws Exception {
        LongplayRuntime runtime = TestWorkspace.start(workspace);
        Exchange replay = runtime.request("direct:replay", Map.of(Headers.REPLAY_CASE, CASE.toString(), Headers.REPLAY_UPDATE, false));
        assertNull(replay.getMessage().getHeader(Headers.EXIT_CODE), "the plan-rules case replays to its golden files");
        return runtime;
    }

    private static Exchange plan(LongplayRuntime runtime, Map<String, Object> headers) {
        Exchange exchange = runtime.request("direct:plan", headers);
        assertNull(exchange.getMessage().getHeader(Headers.EXIT_CODE));
        return exchange;
    }

    private static String status(DataSource catalog, long rowid) throws Exception {
        return TestWorkspace.strings(catalog, "SELECT status FROM track_files WHERE rowid = " + rowid).get(0);
    }

    private static void sql(DataSource catalog, String sql) throws Exception {
        try (Connection connection = catalog.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    @Test
    void planningAgainChangesNothing(@TempDir Path dir) throws Exception {
        try (LongplayRuntime runtime = importedAndPlanned(dir.resolve("ws"))) {
            DataSource catalog = TestWorkspace.catalog(runtime);
            CatalogDump.write(catalog, dir.resolve("first"));
            plan(runtime, Map.of());
            CatalogDump.write(catalog, dir.resolve("second"));
            ImportRouteTest.assertSameFiles(dir.resolve("first"), dir.resolve("second"));
        }
    }

    @Test
    void batchesOfOneTrackPlanExactlyAsOneBatchOfAll(@TempDir Path dir) throws Exception {
        // ISRC groups then straddle batches, and every batch of the outcome pass holds one track
        try (LongplayRuntime runtime = importedAndPlanned(dir.resolve("one-batch"))) {
            CatalogDump.write(TestWorkspace.catalog(runtime), dir.resolve("one-batch-dump"));
        }
        try (LongplayRuntime runtime = TestWorkspace.start(dir.resolve("tiny-batches"), Map.of("longplay.plan.batch-size", "1"))) {
            Exchange replay = runtime.request("direct:replay", Map.of(Headers.REPLAY_CASE, CASE.toString(), Headers.REPLAY_UPDATE, false));
            assertNull(replay.getMessage().getHeader(Headers.EXIT_CODE), "batches of one track replay to the golden files too");
            CatalogDump.write(TestWorkspace.catalog(runtime), dir.resolve("tiny-batches-dump"));
        }
        ImportRouteTest.assertSameFiles(dir.resolve("one-batch-dump"), dir.resolve("tiny-batches-dump"));
    }

    @Test
    void aDryRunWritesNothingAndCountsWhatAPlanWouldWrite(@TempDir Path dir) throws Exception {
        try (LongplayRuntime runtime = TestWorkspace.start(dir.resolve("ws"))) {
            Path metadata = new org.longplay.replay.ReplayCase(CASE).metadataFile(dir.resolve("scratch"));
            runtime.request("direct:import", Map.of(Headers.METADATA, metadata.toString()));
            DataSource catalog = TestWorkspace.catalog(runtime);
            PlanReport dry = plan(runtime, Map.of(Headers.DRY_RUN, true)).getMessage().getBody(PlanReport.class);
            assertEquals(0, TestWorkspace.count(catalog, "SELECT COUNT(*) FROM track_files"), "a dry run writes no track_files");
            PlanReport real = plan(runtime, Map.of()).getMessage().getBody(PlanReport.class);
            assertEquals(real.tracksPerStatus(), dry.tracksPerStatus());
            assertEquals(Map.of("todo", 9L, "skipped_isrc_has_download", 4L, "skipped_low_priority", 3L, "error_zero_duration", 1L),
                    dry.tracksPerStatus());
            // kept originals: tracks 1, 15, 17 (200 + 130 + 130 s at 160 kbit/s); re-encoded: 3, 5, 8, 10, 13, 14 at 75 kbit/s
            assertEquals((200 + 130 + 130) * 160_000L / 8, dry.originalBytes());
            assertEquals((180 + 170 + 160 + 150 + 140 + 140) * 75_000L / 8, dry.reencodedBytes());
            assertTrue(dry.render().contains("dry run"), dry.render());
        }
    }

    @Test
    void aFinishedTrackKeepsItsStatusUntilItsInputsChange(@TempDir Path dir) throws Exception {
        try (LongplayRuntime runtime = importedAndPlanned(dir.resolve("ws"))) {
            DataSource catalog = TestWorkspace.catalog(runtime);
            sql(catalog, "UPDATE track_files SET status = 'success', filename = 'a/b.ogg' WHERE rowid = 7");
            plan(runtime, Map.of());
            assertEquals("success", status(catalog, 7), "success survives planning again");
            assertEquals(List.of("a/b.ogg"), TestWorkspace.strings(catalog, "SELECT filename FROM track_files WHERE rowid = 7"));
            sql(catalog, "UPDATE tracks SET fetched_at = fetched_at + 1 WHERE rowid = 7");
            plan(runtime, Map.of());
            assertEquals("skipped_low_priority", status(catalog, 7), "a newer track row plans it anew");
            sql(catalog, "UPDATE track_files SET status = 'success' WHERE rowid = 13");
            sql(catalog, "UPDATE artists SET fetched_at = fetched_at + 1 WHERE rowid = 4");
            plan(runtime, Map.of());
            assertEquals("todo", status(catalog, 13), "a newer artist row of the track plans it anew too");
        }
    }

    @Test
    void aKeptCopyThatFailedInProcessingPromotesTheNextMemberOfItsIsrcGroup(@TempDir Path dir) throws Exception {
        try (LongplayRuntime runtime = importedAndPlanned(dir.resolve("ws"))) {
            DataSource catalog = TestWorkspace.catalog(runtime);
            assertEquals("skipped_isrc_has_download", status(catalog, 2));
            sql(catalog, "UPDATE track_files SET status = 'error_no_original', status_reason = 'no file' WHERE rowid = 1");
            plan(runtime, Map.of());
            assertEquals("error_no_original", status(catalog, 1), "the error stays while the inputs are unchanged");
            assertEquals("todo", status(catalog, 2), "the next member is promoted");
            assertEquals(List.of("0"), TestWorkspace.strings(catalog, "SELECT isrc_has_download FROM track_files WHERE rowid = 2"));
            assertEquals(List.of("75"), TestWorkspace.strings(catalog, "SELECT reencoded_kbit_vbr FROM track_files WHERE rowid = 2"));
        }
    }

    @Test
    void explainShowsEachTermAndTheIsrcGroup(@TempDir Path dir) throws Exception {
        try (LongplayRuntime runtime = importedAndPlanned(dir.resolve("ws"))) {
            String trackId = TestWorkspace.strings(TestWorkspace.catalog(runtime), "SELECT id FROM tracks WHERE rowid = 6").get(0);
            String text = plan(runtime, Map.of(Headers.EXPLAIN, trackId)).getMessage().getBody(String.class);
            assertTrue(text.contains("skipped_isrc_has_download"), text);
            assertTrue(text.contains("rule 3: popularity 0, and a copy ranked above it in its ISRC group is kept"), text);
            assertTrue(text.contains("0/100 (best artist's popularity) + 36/100 (album's popularity)"), text);
            assertTrue(text.contains("artists: none"), text);
            assertTrue(text.contains("ISRC group TIEDPRIO001"), text);
            assertTrue(text.matches("(?s).*1\\. \\S+ rowid 5 .*2\\. \\S+ rowid 6 .*<- this track.*"), text);
        }
    }

    @Test
    void explainSaysWhenTheTracksInputsChangedSinceItWasPlanned(@TempDir Path dir) throws Exception {
        try (LongplayRuntime runtime = importedAndPlanned(dir.resolve("ws"))) {
            DataSource catalog = TestWorkspace.catalog(runtime);
            String trackId = TestWorkspace.strings(catalog, "SELECT id FROM tracks WHERE rowid = 8").get(0);
            String planned = plan(runtime, Map.of(Headers.EXPLAIN, trackId)).getMessage().getBody(String.class);
            assertFalse(planned.contains("imported again"), planned);
            sql(catalog, "UPDATE albums SET fetched_at = fetched_at + 1, popularity = 0"
                    + " WHERE rowid = (SELECT album_rowid FROM tracks WHERE rowid = 8)");
            String changed = plan(runtime, Map.of(Headers.EXPLAIN, trackId)).getMessage().getBody(String.class);
            assertTrue(changed.contains("imported again since it was planned"), changed);
            assertTrue(changed.startsWith("track " + trackId + " (rowid 8): todo"), "the status is still the planned one: " + changed);
            assertTrue(changed.contains("+ 0/100 (album's popularity)"), "the terms are today's: " + changed);
        }
    }

    @Test
    void theExportHasTheReferenceLayoutAndTheSqliteCliReadsIt(@TempDir Path dir) throws Exception {
        try (LongplayRuntime runtime = importedAndPlanned(dir.resolve("ws"))) {
            Path out = dir.resolve("track_files.sqlite3");
            Exchange exchange = runtime.request("direct:export-track-files", Map.of(Headers.EXPORT_TRACK_FILES, out.toString()));
            assertNull(exchange.getMessage().getHeader(Headers.EXIT_CODE));
            String columns = sqlite3(out, "SELECT group_concat(name, ',') FROM pragma_table_info('track_files')");
            assertEquals(String.join(",", org.longplay.export.TrackFilesExport.COLUMNS.stream().map(c -> c[0]).toList()), columns);
            assertEquals(27, columns.split(",").length);
            assertEquals("17", sqlite3(out, "SELECT COUNT(*) FROM track_files"));
            assertEquals("1", sqlite3(out, "SELECT COUNT(*) FROM pragma_index_list('track_files') WHERE \"unique\" = 1"));
            assertEquals("skipped_isrc_has_download|1|-7.825", sqlite3(out,
                    "SELECT status, isrc_has_download, round(secondary_priority, 6) FROM track_files WHERE rowid = 2"));
        }
    }

    private static String sqlite3(Path database, String sql) throws Exception {
        Process process = new ProcessBuilder("sqlite3", database.toString(), sql).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.waitFor(), out);
        return out;
    }
}
