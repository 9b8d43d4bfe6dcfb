package org.longplay.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longplay.replay.ReplayCase;

/** `longplay run` (import + plan + process, resuming) and `longplay demo` (everything), through the CLI. */
class RunCommandTest {
    private static final ReplayCase CASE = new ReplayCase(TestWorkspace.fixtureCase("audio-small"));

    @Test
    void runImportsPlansAndProcessesThenResumesWithoutImportingOrProcessingAgain(@TempDir Path dir) throws Exception {
        Path metadata = CASE.metadataFile(dir);
        String[] args = {"run", "--workspace", dir.resolve("ws").toString(), "--metadata", metadata.toString(),
                "--originals", CASE.originalsDir().orElseThrow().toString(), "--covers", CASE.coversDir().orElseThrow().toString()};
        ReplayTest.Run first = ReplayTest.cli(args);
        assertEquals(1, first.exitCode(), "the case's corrupt originals fail: " + first.stdout());
        assertTrue(first.stdout().contains("imported "), first.stdout());
        assertTrue(first.stdout().matches("(?s).*\\nsummary\\n  tracks by status: .*success 8.*"), first.stdout());
        assertTrue(first.stdout().matches("(?s).*time per stage: import [0-9.]+ s, plan [0-9.]+ s, process [0-9.]+ s\\n.*"), first.stdout());

        ReplayTest.Run again = ReplayTest.cli(args);
        assertEquals(0, again.exitCode(), again.stdout());
        assertTrue(again.stdout().contains("import: skipped, " + metadata + " is already imported"), again.stdout());
        assertTrue(again.stdout().contains("process: 0 of 0 queued tracks"), again.stdout());
        assertTrue(again.stdout().contains("success 8"), again.stdout());

        ReplayTest.Run releaseAll = ReplayTest.cli("release", "--all", "--workspace", dir.resolve("ws").toString());
        assertEquals(0, releaseAll.exitCode(), releaseAll.stdout());
        assertEquals(8, releaseAll.stdout().lines().filter(l -> l.matches("release \\S+: released")).count(), "every stage: " + releaseAll.stdout());
        assertTrue(releaseAll.stdout().contains("nothing left to release"), releaseAll.stdout());

        Files.setLastModifiedTime(metadata, FileTime.fromMillis(Files.getLastModifiedTime(metadata).toMillis() + 60_000));
        ReplayTest.Run changed = ReplayTest.cli(args);
        assertFalse(changed.stdout().contains("import: skipped"), "a changed metadata file is imported again: " + changed.stdout());
    }

    @Test
    void demoRunsEveryStageReleasesVerifiesAndEndsWithTheReport(@TempDir Path dir) {
        ReplayTest.Run demo = ReplayTest.cli("demo", "--tracks", "120", "--workspace", dir.resolve("demo").toString());
        assertEquals(0, demo.exitCode(), demo.stdout());
        String out = demo.stdout();
        assertTrue(out.contains("release: nothing left to release; every stage is released"), out);
        assertTrue(out.contains("verify: ok"), out);
        assertTrue(out.matches("(?s).*kept as original: \\d+ files, [0-9,]+ bytes; re-encoded to Opus: \\d+ files, [0-9,]+ bytes.*"), out);
        assertTrue(out.matches("(?s).*torrents released: \\d+\\n    [0-9a-f]{40}  metadata/longplay_track_files__.*"), out);
        assertTrue(out.matches("(?s).*time per stage: fixtures [0-9.]+ s, import [0-9.]+ s, plan [0-9.]+ s, process [0-9.]+ s, "
                + "release [0-9.]+ s, verify [0-9.]+ s\\n.*"), out);
        assertTrue(Files.isRegularFile(dir.resolve("demo/releases/torrents.json")));
    }
}
