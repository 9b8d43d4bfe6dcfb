package org.longplay.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longplay.camel.Headers;
import org.longplay.fixtures.FixtureGenerator;
import org.longplay.fixtures.MediaOptions;
import org.longplay.process.Sha256;

/**
 * A real `longplay process` process killed with SIGKILL part-way, then started again, ends with
 * the same bytes as a run that was never interrupted: archive files, patches and the catalogue's
 * track_files (except the processing times). No partial file ever sits under a final name.
 */
class ProcessKillTest {
    @TempDir
    static Path shared;
    static Path fixture;
    static Path planned;

    @BeforeAll
    static void plannedWorkspace() throws Exception {
        fixture = shared.resolve("fixture");
        new FixtureGenerator(7).generate(fixture, 400, new MediaOptions(4, 4));
        planned = shared.resolve("planned");
        try (LongplayRuntime runtime = TestWorkspace.start(planned)) {
            TestWorkspace.importAndPlan(runtime, fixture.resolve("spotify_clean.sqlite3"));
        }
    }

    @Test
    void aRunKilledAtThreePointsAndRestartedEndsWithTheSameBytesAsACleanRun(@TempDir Path dir) throws Exception {
        Path clean = copy(planned, dir.resolve("clean"));
        assertEquals(1, longplayProcess(clean).waitFor(), "some fixture originals are corrupt: exit 1");
        Map<String, String> expected = outputs(clean);
        long total = expected.keySet().stream().filter(k -> k.startsWith("archive/")).count();
        assertTrue(total > 100, "enough tracks to interrupt: " + total);

        Path killed = copy(planned, dir.resolve("killed"));
        for (long killAt : List.of(3L, total / 3, 2 * total / 3)) {
            Process run = longplayProcess(killed);
            while (run.isAlive() && count(killed.resolve("archive")) < killAt) {
                Thread.sleep(2);
            }
            assertTrue(run.isAlive(), "the run was still going when killed at " + killAt + " files");
            run.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            run.waitFor(30, TimeUnit.SECONDS);
            assertTrue(count(killed.resolve("archive")) < total, "killed part-way");
            try (Stream<Path> files = Files.walk(killed.resolve("archive"))) {
                assertTrue(files.filter(Files::isRegularFile).allMatch(p -> p.toString().endsWith(".ogg")),
                        "only whole files under final names");
            }
        }
        assertEquals(1, longplayProcess(killed).waitFor());
        assertEquals(expected, outputs(killed));
    }

    /** `longplay process` in its own JVM, as an operator runs it. */
    private static Process longplayProcess(Path workspace) throws Exception {
        return TestWorkspace.longplayProcess(workspace.resolve("process.out"), workspace.resolve("process.err"), "process",
                "--workspace", workspace.toString(), "--originals", fixture.resolve("originals").toString(),
                "--covers", fixture.resolve("covers").toString());
    }

    /** Every output file by relative path with its SHA-256, and track_files without the processing times. */
    static Map<String, String> outputs(Path workspace) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (String folder : List.of("archive", "patches")) {
            try (Stream<Path> files = Files.walk(workspace.resolve(folder))) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    out.put(workspace.relativize(p).toString(), Sha256.hex(Files.readAllBytes(p)));
                }
            }
        }
        Path export = workspace.resolve("track_files.sqlite3");
        try (LongplayRuntime runtime = TestWorkspace.start(workspace)) {
            assertEquals(null, runtime.request("direct:export-track-files",
                    Map.of(Headers.EXPORT_TRACK_FILES, export.toString())).getMessage().getHeader(Headers.EXIT_CODE));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + export); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM track_files ORDER BY rowid")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    if (!rs.getMetaData().getColumnName(i).equals("fetched_at")) {
                        Object v = rs.getObject(i);
                        row.append(v instanceof byte[] b ? Sha256.hex(b) : v).append('|');
                    }
                }
                out.put("track_files/" + rs.getLong("rowid"), row.toString());
            }
        }
        Files.delete(export);
        return out;
    }

    private static long count(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".ogg")).count();
        }
    }

    private static Path copy(Path from, Path to) throws Exception {
        TestWorkspace.copy(from, to);
        assertFalse(Files.exists(to.resolve("archive")));
        return to;
    }
}
