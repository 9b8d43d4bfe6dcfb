package org.longplay.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longplay.camel.Headers;
import org.longplay.camel.ReplayInputsProcessor;
import org.longplay.fixtures.FixtureGenerator;
import org.longplay.fixtures.MediaOptions;

/**
 * Real `longplay release --next` processes killed with SIGKILL at three points of a release (the
 * partial folder just created, data files being linked, the stage just renamed into place), then
 * started again until nothing is left: the releases end with the same bytes as releases never
 * interrupted, and at no moment is an unfinished stage visible under releases/.
 */
class ReleaseKillTest {
    /** Small data folders, so a stage takes long enough to be killed inside (the reference run uses the same). */
    private static final String FOLDER_FILES = "--set=longplay.release.folder-max-files=3";

    @TempDir
    static Path shared;
    static Path processed;

    @BeforeAll
    static void processedWorkspace() throws Exception {
        Path fixture = shared.resolve("fixture");
        new FixtureGenerator(11).generate(fixture, 200, new MediaOptions(2, 4));
        processed = shared.resolve("processed");
        try (LongplayRuntime runtime = TestWorkspace.start(processed)) {
            TestWorkspace.importAndPlan(runtime, fixture.resolve("spotify_clean.sqlite3"));
            runtime.request("direct:process", Map.of(Headers.ORIGINALS, fixture.resolve("originals").toString(),
                    Headers.COVERS, fixture.resolve("covers").toString(), Headers.PROCESSED_AT, ReplayInputsProcessor.REPLAY_PROCESSED_AT));
        }
    }

    @Test
    void releasesKilledAtThreePointsAndRunAgainEndWithTheSameBytesAsReleasesNeverInterrupted(@TempDir Path dir) throws Exception {
        Path clean = TestWorkspace.copy(processed, dir.resolve("clean"));
        try (LongplayRuntime runtime = TestWorkspace.start(clean, Map.of("longplay.release.folder-max-files", "3"))) {
            ReleaseRouteTest.releaseAll(runtime); // in this JVM: the reference needs no kills
        }
        Map<String, String> expected = ReleaseRouteTest.releasedStages(clean);
        assertTrue(expected.keySet().stream().anyMatch(k -> k.startsWith("patches/")), "every stage released: " + expected.keySet());

        Path killed = TestWorkspace.copy(processed, dir.resolve("killed"));
        Path releases = killed.resolve("releases");
        // each point is awaited across as many `release --next` runs as it takes to reach it
        List<Predicate<Long>> killPoints = List.of(
                stagesAtStart -> partials(releases).anyMatch(p -> files(p) >= 3),   // linking a data folder
                stagesAtStart -> partials(releases).findAny().isPresent(),          // a stage just begun
                stagesAtStart -> stages(releases).count() > stagesAtStart);         // just renamed into place
        for (Predicate<Long> point : killPoints) {
            boolean reached = false;
            for (int attempt = 0; attempt < 20 && !reached; attempt++) {
                long stagesAtStart = stages(releases).count();
                Process run = release(killed);
                while (run.isAlive() && !point.test(stagesAtStart)) {
                    Thread.onSpinWait();
                }
                reached = run.isAlive();
                run.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
                run.waitFor(30, TimeUnit.SECONDS);
                assertFalse(!reached && Files.readString(killed.resolve("release.out")).contains("nothing left"),
                        "ran out of stages before the kill point");
                // whatever is visible under a final name is whole: every file is the uninterrupted run's
                Map<String, String> visible = ReleaseRouteTest.releasedStages(killed);
                visible.keySet().removeIf(k -> k.startsWith(".partial-"));
                for (Map.Entry<String, String> e : visible.entrySet()) {
                    assertEquals(expected.get(e.getKey()), e.getValue(), e.getKey() + " under a final name is complete");
                }
            }
            assertTrue(reached, "a run was killed at each point");
        }
        releaseUntilDone(killed);
        assertEquals(expected, ReleaseRouteTest.releasedStages(killed));
        assertFalse(partials(releases).findAny().isPresent(), "no partial folder left");
    }

    /** `release --next` in fresh processes until it says nothing is left. */
    private static void releaseUntilDone(Path workspace) throws Exception {
        for (int i = 0; i < 20; i++) {
            Process p = release(workspace);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            String out = Files.readString(workspace.resolve("release.out"));
            assertEquals(0, p.exitValue(), "release --next in " + workspace + ":\n" + out + Files.readString(workspace.resolve("release.err")));
            if (out.contains("nothing left to release")) {
                return;
            }
        }
        throw new AssertionError("release --next never ran out of stages");
    }

    /** `longplay release --next` in its own JVM, as an operator runs it. */
    private static Process release(Path workspace) throws IOException {
        return TestWorkspace.longplayProcess(workspace.resolve("release.out"), workspace.resolve("release.err"),
                "release", "--next", "--workspace", workspace.toString(), FOLDER_FILES);
    }

    private static Stream<Path> partials(Path releases) {
        return list(releases).filter(p -> p.getFileName().toString().startsWith(".partial-"));
    }

    private static Stream<Path> stages(Path releases) {
        return list(releases).filter(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."));
    }

    private static Stream<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList().stream();
        } catch (IOException e) {
            return Stream.empty(); // not created yet, or a folder renamed while listed
        }
    }

    private static long files(Path partial) {
        return list(partial).filter(Files::isDirectory).mapToLong(d -> list(d).count()).sum();
    }

}
