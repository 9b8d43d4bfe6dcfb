package org.longplay.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longplay.fixtures.FixtureGenerator;
import org.longplay.fixtures.MediaOptions;

/**
 * The whole job as an operator runs it, `longplay run` then `release --next`, killed with SIGKILL at
 * points across import, plan, process and release and started again each time: the archive, patches,
 * catalogue export and releases end byte for byte as those of a run never interrupted.
 */
class RunKillTest {
    private static final String CLOCK = "--set=longplay.process.processed-at=2026-01-01T00:00:00Z";
    private static final String SMALL_FOLDERS = "--set=longplay.release.folder-max-files=4";

    @TempDir
    static Path shared;
    static Path fixture;

    @BeforeAll
    static void fixture() throws Exception {
        fixture = shared.resolve("fixture");
        new FixtureGenerator(13).generate(fixture, 300, new MediaOptions(2, 4));
    }

    private static Process run(Path ws, Path log) throws Exception {
        return TestWorkspace.longplayProcess(log.resolveSibling(log.getFileName() + ".out"), log.resolveSibling(log.getFileName() + ".err"),
                "run", "--workspace", ws.toString(), "--metadata", fixture.resolve("spotify_clean.sqlite3").toString(),
                "--originals", fixture.resolve("originals").toString(), "--covers", fixture.resolve("covers").toString(), CLOCK);
    }

    private static Process releaseNext(Path ws, Path log) throws Exception {
        return TestWorkspace.longplayProcess(log.resolveSibling(log.getFileName() + ".out"), log.resolveSibling(log.getFileName() + ".err"),
                "release", "--next", "--workspace", ws.toString(), SMALL_FOLDERS);
    }

    /** Runs to the end, then releases every stage: the uninterrupted reference. */
    private static void finish(Path ws, Path logs) throws Exception {
        Process p = run(ws, logs.resolve("run-final"));
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        assertTrue(p.exitValue() <= 1, "run ends (1: the fixture's corrupt originals): " + Files.readString(logs.resolve("run-final.err")));
        for (int i = 0; i < 20; i++) {
            Process r = releaseNext(ws, logs.resolve("release-" + i));
            assertTrue(r.waitFor(120, TimeUnit.SECONDS));
            String out = Files.readString(logs.resolve("release-" + i + ".out"));
            assertEquals(0, r.exitValue(), out + Files.readString(logs.resolve("release-" + i + ".err")));
            if (out.contains("nothing left to release")) {
                return;
            }
        }
        throw new AssertionError("release --next never ran out of stages");
    }

    /** Every output of a workspace: archive, patches, track_files (ProcessKillTest.outputs) and the released stages. */
    static Map<String, String> everything(Path ws) throws Exception {
        Map<String, String> out = ProcessKillTest.outputs(ws);
        ReleaseRouteTest.releasedStages(ws).forEach((k, v) -> out.put("releases/" + k, v));
        return out;
    }

    /** Starts the command again and again until {@code point} holds while it runs, then kills it. */
    private static void killWhen(Path ws, Path logs, String name, boolean release, Predicate<Path> point) throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            Path log = logs.resolve(name + "-" + attempt);
            Process p = release ? releaseNext(ws, log) : run(ws, log);
            while (p.isAlive() && !point.test(ws)) {
                Thread.onSpinWait();
            }
            boolean inside = p.isAlive();
            p.destroyForcibly(); // SIGKILL
            p.waitFor(30, TimeUnit.SECONDS);
            if (inside) {
                return;
            }
        }
        Path lastErr = logs.resolve(name + "-19.err");
        String tail = Files.exists(lastErr) ? Files.readString(lastErr) : "(no log)";
        throw new AssertionError("never reached the kill point " + name + "; the last attempt's stderr:\n"
                + tail.substring(Math.max(0, tail.length() - 3000)));
    }

    private static long files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        } catch (Exception e) {
            return 0; // a folder renamed while walked
        }
    }

    @Test
    void theWholeJobKilledAcrossImportPlanProcessAndReleaseEndsWithTheBytesOfAnUninterruptedOne(@TempDir Path dir) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path clean = dir.resolve("clean");
        try (LongplayRuntime runtime = TestWorkspace.start(clean, Map.of("longplay.process.processed-at", "2026-01-01T00:00:00Z",
                "longplay.release.folder-max-files", "4"))) {
            // the reference in this JVM: the same routes, never interrupted
            runtime.request("direct:run", Map.of(org.longplay.camel.Headers.METADATA, fixture.resolve("spotify_clean.sqlite3").toString(),
                    org.longplay.camel.Headers.ORIGINALS, fixture.resolve("originals").toString(),
                    org.longplay.camel.Headers.COVERS, fixture.resolve("covers").toString(), org.longplay.camel.Headers.DRY_RUN, false));
            ReleaseRouteTest.releaseAll(runtime);
        }
        Map<String, String> expected = everything(clean);
        assertTrue(expected.keySet().stream().anyMatch(k -> k.startsWith("releases/patches/")), "every stage released");

        Path ws = dir.resolve("killed");
        Path killLogs = Files.createDirectories(logs.resolve("killed"));
        List<String> points = new ArrayList<>();
        // 1. the catalogue is being created and the import runs: killed at a random moment shortly after
        long delayMicros = ThreadLocalRandom.current().nextLong(0, 400_000);
        long[] seen = {0};
        killWhen(ws, killLogs, "import", false, w -> {
            if (seen[0] == 0 && Files.isDirectory(w.resolve("catalog"))) {
                seen[0] = System.nanoTime();
            }
            return seen[0] != 0 && System.nanoTime() - seen[0] > delayMicros * 1000;
        });
        points.add("import/plan +" + delayMicros / 1000 + " ms");
        // 2. processing: some archive files written
        killWhen(ws, killLogs, "process", false, w -> files(w.resolve("archive")) >= 20);
        points.add("process");
        // 3. finish processing, then a release killed while a stage is being built
        Process p = run(ws, killLogs.resolve("run-between"));
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        killWhen(ws, killLogs, "release", true, w -> Files.exists(w.resolve("releases")) && files(w.resolve("releases")) >= 12);
        points.add("release");

        finish(ws, killLogs);
        assertEquals(expected, everything(ws), "after kills at " + points);
    }
}
