package org.longplay.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longplay.camel.Headers;
import org.longplay.fixtures.FixtureGenerator;
import org.longplay.fixtures.MediaOptions;
import org.longplay.process.ProcessReport;
import org.longplay.process.WorkItem;
import org.longplay.process.WorkQueue;

/** The process stage's guards: free space checked before any work, and a run of failures stops the run. */
class ProcessSafetyTest {
    @TempDir
    static Path shared;
    static Path fixture;

    @BeforeAll
    static void fixture() throws Exception {
        fixture = shared.resolve("fixture");
        new FixtureGenerator(5).generate(fixture, 120, new MediaOptions(2, 4));
    }

    private static LongplayRuntime planned(Path ws, Map<String, String> overrides) throws Exception {
        LongplayRuntime runtime = TestWorkspace.start(ws, overrides);
        TestWorkspace.importAndPlan(runtime, fixture.resolve("spotify_clean.sqlite3"));
        return runtime;
    }

    private static Exchange process(LongplayRuntime runtime) {
        return runtime.request("direct:process", Map.of(Headers.ORIGINALS, fixture.resolve("originals").toString()));
    }

    private static long archived(Path ws) throws IOException {
        if (!Files.isDirectory(ws.resolve("archive"))) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(ws.resolve("archive"))) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void aWorkspaceWithoutRoomForTheQueuedTracksIsRefusedWithTheFiguresBeforeAnyWork(@TempDir Path dir) throws Exception {
        Path ws = dir.resolve("ws");
        // a reserve no disk has: the check must refuse, whatever this machine's free space
        try (LongplayRuntime runtime = planned(ws, Map.of("longplay.process.free-space-reserve", "4000000000000000000"))) {
            DataSource catalog = TestWorkspace.catalog(runtime);
            long todo = TestWorkspace.count(catalog, "SELECT COUNT(*) FROM track_files WHERE status = 'todo'");
            Exchange refused = process(runtime);
            assertEquals(1, refused.getMessage().getHeader(Headers.EXIT_CODE, Integer.class));
            String said = ReleaseRouteTest.text(refused);
            assertTrue(said.matches("(?s).*process: not enough free space in .*: [0-9,]+ bytes free, [0-9,]+ needed \\([0-9,]+ for originals kept, "
                    + "~[0-9,]+ for Opus re-encodes, 4,000,000,000,000,000,000 kept in reserve\\); short by [0-9,]+ bytes.*"), said);
            assertEquals(todo, TestWorkspace.count(catalog, "SELECT COUNT(*) FROM track_files WHERE status = 'todo'"), "nothing processed");
            assertEquals(0, archived(ws));
        }
        try (LongplayRuntime runtime = TestWorkspace.start(ws, Map.of())) {
            Exchange ok = process(runtime);
            assertFalse(ReleaseRouteTest.text(ok).contains("not enough free space"), "the default reserve fits this machine");
            assertTrue(archived(ws) > 50);
        }
    }

    @Test
    void aStopThatComesBetweenHasNextAndNextStillHandsOutThatClaimSoTheSplitterNeverAborts(@TempDir Path dir) throws Exception {
        // Camel's splitter calls hasNext() then next(): a next() that threw there aborted the split, which then
        // stopped waiting for the tracks in flight (found by ProcessSigtermTest: a file on disk, no record)
        try (LongplayRuntime runtime = planned(dir.resolve("ws"), Map.of())) {
            WorkQueue queue = new WorkQueue(TestWorkspace.catalog(runtime));
            assertTrue(queue.rebuild() > 10);
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            try (WorkQueue.Claims claims = queue.claims(new WorkQueue.ClaimSettings("test-worker", 8, 60_000, dir,
                    new org.longplay.catalog.CatalogRetry(0)))) {
                claims.stopWhen(stop::get);
                assertTrue(claims.hasNext());
                claims.next();
                assertTrue(claims.hasNext());
                stop.set(true);
                assertTrue(claims.hasNext(), "a promise holds until next takes it (Camel's splitter asks twice)");
                assertEquals(WorkItem.class, claims.next().getClass(), "the claim promised by hasNext");
                assertFalse(claims.hasNext(), "and no more");
            }
        }
    }

    @Test
    void aRunOfFailuresAtTheFileWritingLayerStopsTheRunWithAClearMessageAndLeavesTheRestTodo(@TempDir Path dir) throws Exception {
        Path ws = dir.resolve("ws");
        try (LongplayRuntime runtime = planned(ws, Map.of("longplay.process.max-consecutive-failures", "5"))) {
            DataSource catalog = TestWorkspace.catalog(runtime);
            long todo = TestWorkspace.count(catalog, "SELECT COUNT(*) FROM track_files WHERE status = 'todo'");
            assertTrue(todo > 60, "enough tracks: " + todo);
            // every write fails as on a full or vanished disk
            AdviceWith.adviceWith(runtime.context(), "process-track", route -> route.weaveById("keep-or-reencode").replace()
                    .process(e -> {
                        throw new IOException("No space left on device");
                    }));
            Exchange stopped = process(runtime);
            assertEquals(1, stopped.getMessage().getHeader(Headers.EXIT_CODE, Integer.class));
            ProcessReport report = (ProcessReport) org.longplay.camel.Reports.all(stopped).stream()
                    .filter(ProcessReport.class::isInstance).findFirst().orElseThrow();
            assertTrue(report.stopReason().startsWith("stopped after 5 failures in a row"), report.stopReason());
            assertTrue(report.stopReason().contains("No space left on device"), report.stopReason());
            assertTrue(report.failures() >= 5 && report.failures() < 5 + 2 * Runtime.getRuntime().availableProcessors() + 2,
                    "stopped soon after the fifth failure, in-flight tracks finishing: " + report.failures());
            assertEquals(todo, TestWorkspace.count(catalog, "SELECT COUNT(*) FROM track_files WHERE status = 'todo'"),
                    "nothing marked failed for good: every track is still todo");
            assertEquals(report.failures(), TestWorkspace.count(catalog,
                    "SELECT COUNT(*) FROM track_files WHERE status = 'todo' AND status_reason LIKE '%No space left on device%'"));
            assertEquals(0, archived(ws));
        }
    }
}
