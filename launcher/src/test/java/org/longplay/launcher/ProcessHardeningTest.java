package org.longplay.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longplay.camel.Headers;
import org.longplay.camel.Reports;
import org.longplay.fixtures.FixtureGenerator;
import org.longplay.fixtures.MediaOptions;
import org.longplay.process.ProcessReport;

/**
 * Defects of issue 18 in the process stage, each found by probing: no input size runs a worker out of memory or
 * hangs the run (1); any originals folder indexes (3); the report says what the catalogue holds when the disk
 * fills (4); missing originals do not trip the breaker meant for failing disks (8). Real processes, real files.
 */
class ProcessHardeningTest {
    @TempDir
    static Path shared;
    static Path fixture;
    static List<String[]> manifest;

    @BeforeAll
    static void fixture() throws Exception {
        fixture = shared.resolve("fixture");
        new FixtureGenerator(41).generate(fixture, 90, new MediaOptions(2, 4));
        manifest = Files.readAllLines(fixture.resolve("originals/MANIFEST.tsv")).stream().skip(1).map(l -> l.split("\t")).toList();
    }

    /** A copy of the fixture's originals and covers to change for one test. */
    private static Path copyOfInputs(Path dir) throws Exception {
        Path inputs = dir.resolve("inputs");
        TestWorkspace.copy(fixture.resolve("originals"), inputs.resolve("originals"));
        TestWorkspace.copy(fixture.resolve("covers"), inputs.resolve("covers"));
        return inputs;
    }

    private static Process process(Path ws, Path inputs, String... settings) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("process", "--workspace", ws.toString(),
                "--originals", inputs.resolve("originals").toString(), "--covers", inputs.resolve("covers").toString()));
        args.addAll(List.of(settings));
        return TestWorkspace.longplayProcess(ws.resolveSibling("process.out"), ws.resolveSibling("process.err"), args.toArray(String[]::new));
    }

    private static Path planned(Path ws) throws Exception {
        try (LongplayRuntime runtime = TestWorkspace.start(ws)) {
            TestWorkspace.importAndPlan(runtime, fixture.resolve("spotify_clean.sqlite3"));
        }
        return ws;
    }

    /** The manifest rows of the first {@code n} tracks in work order that have a plain or prefixed original. */
    private static List<String[]> firstToProcess(Path ws, int n) throws Exception {
        Map<String, String[]> byId = new java.util.HashMap<>();
        manifest.stream().filter(m -> m[2].equals("prefixed") || m[2].equals("plain")).forEach(m -> byId.put(m[0], m));
        try (LongplayRuntime runtime = TestWorkspace.start(ws)) {
            return TestWorkspace.strings(TestWorkspace.catalog(runtime), "SELECT track_id FROM track_files WHERE status = 'todo'"
                    + " ORDER BY work_order, rowid").stream().filter(byId::containsKey).limit(n).map(byId::get).toList();
        }
    }

    private static String log(Path ws) throws Exception {
        return Files.readString(ws.resolveSibling("process.out")) + Files.readString(ws.resolveSibling("process.err"));
    }

    /** Tracks per status in the catalogue of {@code ws}, read by a new runtime (what a later command sees). */
    private static Map<String, Long> statuses(Path ws) throws Exception {
        Map<String, Long> statuses = new TreeMap<>();
        try (LongplayRuntime runtime = TestWorkspace.start(ws)) {
            DataSource catalog = TestWorkspace.catalog(runtime);
            for (String status : TestWorkspace.strings(catalog, "SELECT DISTINCT status FROM track_files")) {
                statuses.put(status, TestWorkspace.count(catalog, "SELECT COUNT(*) FROM track_files WHERE status = '" + status + "'"));
            }
        }
        return statuses;
    }

    @Test
    void hardening1_aCoverOfGigabytesIsPassedOverWithAWarningAndItsAlbumIsProcessedWithTheNextImage(@TempDir Path dir) throws Exception {
        Path inputs = copyOfInputs(dir);
        List<Path> widest;
        try (Stream<Path> covers = Files.list(inputs.resolve("covers"))) {
            widest = covers.filter(p -> p.getFileName().toString().startsWith("ab67616d0000b273")).toList();
        }
        for (Path cover : widest) { // 3 GB, sparse: no disk, but a worker that reads it whole dies
            try (RandomAccessFile file = new RandomAccessFile(cover.toFile(), "rw")) {
                file.setLength(3L << 30);
            }
        }
        Path ws = planned(dir.resolve("ws"));
        Process run = process(ws, inputs);
        boolean ended = run.waitFor(180, TimeUnit.SECONDS);
        run.destroyForcibly(); // a hung run must not outlive its test
        assertTrue(ended, "the run ends: " + log(ws));
        String said = log(ws);
        assertTrue(run.exitValue() <= 1, said);
        assertTrue(said.contains("more than longplay.process.max-cover-bytes (16777216): not embedded"), said);
        assertFalse(said.contains("OutOfMemoryError"), said);
        Map<String, Long> statuses = statuses(ws);
        assertFalse(statuses.containsKey("todo"), "no track left behind: " + statuses);
        assertTrue(statuses.get("success") > 40, statuses.toString());
    }

    @Test
    void hardening1_originalsTooBigForTheHeapTogetherAreRefusedOneByOneWithTheFiguresAndTheRunEndsWithItsReport(@TempDir Path dir)
            throws Exception {
        Path inputs = copyOfInputs(dir);
        Path ws = planned(dir.resolve("ws"));
        // the first two tracks to process get originals of 500 MB (sparse) each: for two workers under -Xmx512m,
        // read whole at once, they exhaust the heap
        List<String[]> kept = firstToProcess(ws, 2);
        for (String[] original : kept) {
            try (RandomAccessFile file = new RandomAccessFile(inputs.resolve("originals").resolve(original[3]).toFile(), "rw")) {
                file.setLength(500L << 20);
            }
        }
        Process run = process(ws, inputs, "--set", "longplay.process.workers=2");
        boolean ended = run.waitFor(180, TimeUnit.SECONDS);
        run.destroyForcibly(); // a hung run must not outlive its test
        assertTrue(ended, "the run ends instead of waiting for dead workers: " + log(ws));
        String said = log(ws);
        assertEquals(1, run.exitValue(), said);
        assertFalse(said.contains("OutOfMemoryError"), said);
        assertTrue(said.contains("process: "), "a report: " + said);
        try (LongplayRuntime runtime = TestWorkspace.start(ws)) {
            for (String[] original : kept) {
                Map<String, Object> row = ProcessRouteTest.row(TestWorkspace.catalog(runtime), original[0]);
                assertEquals("todo", row.get("status"), "a worker with a larger heap can take it");
                assertTrue(String.valueOf(row.get("status_reason")).contains("needs about 1,500 MB of heap to process"), row.toString());
            }
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 180, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void hardening1_anErrorInsideATracksWorkEndsTheRunWithAReportInsteadOfAHang(@TempDir Path dir) throws Exception {
        Path ws = planned(dir.resolve("ws"));
        // an Opus transcoder (the integrators' plug-in point) that runs out of memory
        try (LongplayRuntime runtime = TestWorkspace.start(ws, Map.of("camel.beans.opusTranscoder",
                "#class:" + ExhaustedMemoryTranscoder.class.getName()))) {
            Exchange done = ProcessRouteTest.process(runtime, fixture.resolve("originals"), null);
            ProcessReport report = (ProcessReport) Reports.all(done).stream().filter(ProcessReport.class::isInstance).findFirst().orElseThrow();
            assertEquals(1, done.getMessage().getHeader(Headers.EXIT_CODE, Integer.class));
            assertTrue(report.stopReason().startsWith("stopped: processing track "), report.stopReason());
            assertTrue(report.stopReason().contains("OutOfMemoryError: test: the heap is exhausted"), report.stopReason());
            assertTrue(TestWorkspace.count(TestWorkspace.catalog(runtime), "SELECT COUNT(*) FROM track_files WHERE status = 'todo'"
                    + " AND status_reason LIKE '%OutOfMemoryError%'") >= 1);
        }
    }

    /** A transcoder whose every encode exhausts the heap, as a faulty plug-in would. */
    public static final class ExhaustedMemoryTranscoder implements org.longplay.transcode.OpusTranscoder {
        @Override
        public org.longplay.transcode.OpusResult transcode(byte[] original, int vorbisOffset, int kbit, Path target) {
            throw new OutOfMemoryError("test: the heap is exhausted");
        }

        @Override
        public String name() {
            return "exhausted";
        }
    }

    @Test
    void hardening3_anEmptyOriginalsFolderAndOneOfExactlyABatchOfFilesIndexWithoutACrash(@TempDir Path dir) throws Exception {
        Path ws = planned(dir.resolve("ws"));
        Path empty = Files.createDirectories(dir.resolve("empty/originals"));
        Files.createDirectories(dir.resolve("empty/covers"));
        Process run = process(ws, empty.getParent(), "--set", "longplay.process.max-consecutive-failures=0");
        assertTrue(run.waitFor(120, TimeUnit.SECONDS));
        String said = log(ws);
        assertEquals(1, run.exitValue(), said);
        assertFalse(said.contains("\tat ") || said.contains("batch mode"), said);
        assertTrue(said.contains("0 originals found"), said);
        assertFalse(statuses(ws).containsKey("todo"), "every track has no original: " + statuses(ws));

        // 5,000 files: exactly one batch of the index, plus the fixture's originals
        Path ws2 = planned(dir.resolve("ws2"));
        Path inputs = copyOfInputs(dir.resolve("many"));
        Path extra = Files.createDirectories(inputs.resolve("originals/extra"));
        String base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        int files = 5_000 - manifest.stream().filter(m -> !m[2].equals("missing")).toList().size();
        for (int i = 0; i < files; i++) {
            StringBuilder id = new StringBuilder("zz");
            for (int n = i, k = 0; k < 20; k++, n /= 62) {
                id.append(base62.charAt(n % 62));
            }
            Files.writeString(extra.resolve(id + ".ogg"), "not a track of this catalogue");
        }
        Process again = process(ws2, inputs);
        assertTrue(again.waitFor(120, TimeUnit.SECONDS));
        String said2 = log(ws2);
        assertTrue(said2.contains("5,000 originals found"), said2);
        assertFalse(said2.contains("\tat "), said2);
    }

    @Test
    void hardening4_whenTheWorkspaceFillsTheReportSaysWhatTheCatalogueHoldsAndWhyTheRunStopped(@TempDir Path dir) throws Exception {
        assertEquals("root", System.getProperty("user.name"), "this test mounts a small file system for the workspace: run as root (CI does)");
        Path small = Files.createDirectories(dir.resolve("small"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", small.toString()).inheritIO().start();
        assertEquals(0, mount.waitFor());
        try {
            Path larger = dir.resolve("larger");
            new FixtureGenerator(43).generate(larger, 120, new MediaOptions(20, 6)); // ~40 MB to write: more than the disk takes
            Path ws = small.resolve("ws");
            try (LongplayRuntime runtime = TestWorkspace.start(ws)) {
                TestWorkspace.importAndPlan(runtime, larger.resolve("spotify_clean.sqlite3"));
            }
            // the estimate is not asked (as when originals are larger than their playing time says): the disk fills up
            Process run = process(ws, larger, "--set", "longplay.process.check-free-space=false",
                    "--set", "longplay.process.free-space-reserve=4000000", "--set", "longplay.process.max-consecutive-failures=0");
            assertTrue(run.waitFor(180, TimeUnit.SECONDS));
            String said = log(ws);
            assertEquals(1, run.exitValue(), said);
            assertTrue(said.contains("stopped: the workspace's file system") && said.contains("less than longplay.process.free-space-reserve"),
                    said);
            Map<String, Long> reported = new TreeMap<>();
            for (String line : Files.readAllLines(ws.resolveSibling("process.out"))) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("^  (success|error_[a-z_]+) +([0-9,]+)$").matcher(line);
                if (m.matches()) {
                    reported.put(m.group(1), Long.parseLong(m.group(2).replace(",", "")));
                }
            }
            Map<String, Long> held = statuses(ws);
            held.keySet().retainAll(java.util.Set.of("success", "error_corrupt_original", "error_no_original")); // what processing records
            assertTrue(reported.getOrDefault("success", 0L) > 5, said);
            assertEquals(reported, held, "what the report says is what the catalogue holds");
        } finally {
            new ProcessBuilder("umount", small.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void hardening8_anOriginalsFolderHoldingPartOfTheCollectionIsProcessedToTheEndWithoutTrippingTheBreaker(@TempDir Path dir)
            throws Exception {
        Path inputs = copyOfInputs(dir);
        Path ws = planned(dir.resolve("ws"));
        // the originals of the first 20 tracks to process are not in this folder (another machine holds them)
        for (String[] original : firstToProcess(ws, 20)) {
            Files.deleteIfExists(inputs.resolve("originals").resolve(original[3]));
        }
        Process run = process(ws, inputs, "--set", "longplay.process.max-consecutive-failures=5", "--set", "longplay.process.workers=1");
        assertTrue(run.waitFor(180, TimeUnit.SECONDS));
        String said = log(ws);
        assertFalse(said.contains("failures in a row"), said);
        assertFalse(statuses(ws).containsKey("todo"), "every track reached: " + statuses(ws));
    }
}
