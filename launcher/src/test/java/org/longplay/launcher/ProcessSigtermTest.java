package org.longplay.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longplay.camel.Headers;
import org.longplay.fixtures.FixtureGenerator;
import org.longplay.fixtures.MediaOptions;

/**
 * SIGTERM to a real `longplay process`: it stops claiming tracks, finishes the ones in flight, records
 * them, says so and exits; no partial file anywhere, the catalogue agrees with the archive, and the next
 * run processes the rest.
 */
class ProcessSigtermTest {

    @Test
    void sigtermFinishesTheTracksInFlightRecordsThemAndExitsLeavingTheRestTodo(@TempDir Path dir) throws Exception {
        Path fixture = dir.resolve("fixture");
        new FixtureGenerator(3).generate(fixture, 240, new MediaOptions(3, 4));
        Path ws = dir.resolve("ws");
        try (LongplayRuntime runtime = TestWorkspace.start(ws)) {
            TestWorkspace.importAndPlan(runtime, fixture.resolve("spotify_clean.sqlite3"));
        }
        Process run = TestWorkspace.longplayProcess(dir.resolve("out.txt"), dir.resolve("err.txt"), "process",
                "--workspace", ws.toString(), "--originals", fixture.resolve("originals").toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (run.isAlive() && archived(ws) < 10 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(run.isAlive(), "still processing when the signal comes");
        run.destroy(); // SIGTERM
        assertTrue(run.waitFor(90, TimeUnit.SECONDS), "exits after finishing what is in flight");
        String out = Files.readString(dir.resolve("out.txt"));
        String err = Files.readString(dir.resolve("err.txt"));
        assertTrue(err.contains("longplay: stopping: finishing the items in flight"), err);
        assertTrue(out.contains("stopped on request (SIGTERM): the tracks in flight were finished, the rest are still todo"), out + err);
        assertFalse(Files.exists(ws.resolve("tmp/process.running")), "a clean end: no run marker left for the next run to distrust");
        try (Stream<Path> temp = Files.list(ws.resolve("tmp/process"))) {
            assertEquals(List.of(), temp.toList(), "no temporary file left");
        }

        long onDisk = archived(ws);
        try (LongplayRuntime runtime = TestWorkspace.start(ws)) {
            DataSource catalog = TestWorkspace.catalog(runtime);
            assertEquals(onDisk, TestWorkspace.count(catalog, "SELECT COUNT(*) FROM track_files WHERE status = 'success'"),
                    "every archive file is recorded, and nothing else: " + out + err + TestWorkspace.strings(catalog,
                            "SELECT track_id || ' ' || status || ' ' || COALESCE(status_reason, '') FROM track_files WHERE status_reason IS NOT NULL"));
            long todo = TestWorkspace.count(catalog, "SELECT COUNT(*) FROM track_files WHERE status = 'todo'");
            assertTrue(todo > 0, "tracks were left for the next run");
            runtime.request("direct:process", Map.of(Headers.ORIGINALS, fixture.resolve("originals").toString()));
            assertEquals(0, TestWorkspace.count(catalog, "SELECT COUNT(*) FROM track_files WHERE status = 'todo'"));
        }
    }

    private static long archived(Path ws) throws Exception {
        if (!Files.isDirectory(ws.resolve("archive"))) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(ws.resolve("archive"))) {
            return files.filter(p -> p.toString().endsWith(".ogg")).count();
        }
    }
}
