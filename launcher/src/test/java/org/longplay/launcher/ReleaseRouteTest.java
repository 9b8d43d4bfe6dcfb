package org.longplay.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longplay.camel.Headers;
import org.longplay.camel.Reports;
import org.longplay.camel.ReplayInputsProcessor;
import org.longplay.common.Report;
import org.longplay.process.Sha256;
import org.longplay.replay.ReplayCase;

/**
 * The release and verify routes in the real runtime on the audio-small case (processed with a fixed
 * clock), checked with the independent tools: python3-libtorrent, mktorrent, zstd, sqlite3, tar.
 */
class ReleaseRouteTest {
    private static final Path CASE = TestWorkspace.fixtureCase("audio-small");
    private static final String PYTHON = "/usr/bin/python3";

    /** A workspace with audio-small imported, planned and processed, nothing released. */
    static LongplayRuntime processed(Path workspace, Map<String, String> overrides) throws Exception {
        LongplayRuntime runtime = TestWorkspace.start(workspace, overrides);
        ReplayCase replayCase = new ReplayCase(CASE);
        TestWorkspace.importAndPlan(runtime, replayCase.metadataFile(workspace.resolve("tmp")));
        Map<String, Object> headers = new HashMap<>();
        headers.put(Headers.ORIGINALS, replayCase.originalsDir().orElseThrow().toAbsolutePath().toString());
        headers.put(Headers.COVERS, replayCase.coversDir().orElseThrow().toAbsolutePath().toString());
        headers.put(Headers.PROCESSED_AT, ReplayInputsProcessor.REPLAY_PROCESSED_AT);
        runtime.request("direct:process", headers);
        return runtime;
    }

    static Exchange release(LongplayRuntime runtime, String stage, boolean dryRun) {
        return runtime.request("direct:release", Map.of(Headers.STAGE, stage, Headers.DRY_RUN, dryRun));
    }

    static String text(Exchange exchange) {
        StringBuilder sb = new StringBuilder();
        for (Object r : Reports.all(exchange)) {
            sb.append(r instanceof Report report ? report.render() : String.valueOf(r));
        }
        return sb.toString();
    }

    static int exit(Exchange exchange) {
        Integer code = exchange.getMessage().getHeader(Headers.EXIT_CODE, Integer.class);
        return code == null ? 0 : code;
    }

    /** Releases with --next until nothing is left; returns the reports. */
    static List<String> releaseAll(LongplayRuntime runtime) {
        List<String> reports = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Exchange e = release(runtime, "next", false);
            assertEquals(0, exit(e), text(e));
            reports.add(text(e));
            if (!Boolean.TRUE.equals(e.getMessage().getHeader(Headers.RELEASED))) {
                return reports;
            }
        }
        throw new AssertionError("release --next did not run out of stages: " + reports);
    }

    /** Relative path → SHA-256 of every file under {@code dir}. */
    static Map<String, String> tree(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), Sha256.hex(p));
            }
        }
        return out;
    }

    static Map<String, String> releasedStages(Path workspace) throws IOException {
        Map<String, String> out = tree(workspace.resolve("releases"));
        out.remove("torrents.json"); // lists release times
        return out;
    }

    static Path stageDir(Path workspace, String stage) {
        return workspace.resolve("releases").resolve(stage);
    }

    static Path only(Path dir, String glob) throws IOException {
        try (var s = Files.newDirectoryStream(dir, glob)) {
            List<Path> found = new ArrayList<>();
            s.forEach(found::add);
            assertEquals(1, found.size(), glob + " in " + dir + ": " + found);
            return found.get(0);
        }
    }

    static void sql(DataSource catalog, String... statements) throws Exception {
        try (Connection c = catalog.getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.executeUpdate(sql);
            }
        }
    }

    @Test
    void everyTorrentOfTheDefaultPlanLoadsInLibtorrentAndRechecksAtFullAgainstItsStageFolder(@TempDir Path dir) throws Exception {
        Path ws = dir.resolve("ws");
        try (LongplayRuntime runtime = processed(ws, Map.of())) {
            List<String> reports = releaseAll(runtime);
            assertTrue(reports.get(reports.size() - 1).contains("nothing left to release"), reports.toString());
            assertEquals(8, reports.size() - 1, "one release per stage of the default plan: " + reports);
        }
        libtorrentChecksEveryTorrent(dir, ws, false);
    }

    /**
     * release_check.py: all 17 torrents of the default plan load, a forced recheck has every piece, each
     * has (hybrid) or has not (v1) a v2 info-hash, and the 8 file-metadata records point at their bytes.
     */
    private static void libtorrentChecksEveryTorrent(Path dir, Path ws, boolean hybrid) throws IOException, InterruptedException {
        String out = ExternalTools.ok(dir, PYTHON, TestWorkspace.HOME.resolve("launcher/src/test/resources/release_check.py").toString(),
                ws.resolve("releases").toString());
        List<String> torrents = out.lines().filter(l -> l.contains(".torrent ")).toList();
        assertEquals(17, torrents.size(), out);
        for (String line : torrents) {
            String[] f = line.split(" ");
            if (hybrid) {
                assertNotEquals("none", f[2], "a v2 info-hash: " + line);
            } else {
                assertEquals("none", f[2], "v1 only by default: " + line);
            }
            assertEquals(f[4], f[3], "every piece checks: " + line);
            assertEquals("ok", f[5], line);
        }
        assertTrue(out.contains("file-metadata records checked 8"), out);
    }

    @Test
    void v1InfoHashesEqualMktorrentsOnTheSameFolderAndPieceLength(@TempDir Path dir) throws Exception {
        Path ws = dir.resolve("ws");
        try (LongplayRuntime runtime = processed(ws, Map.of("longplay.release.piece-length", "32768"))) {
            releaseAll(runtime);
        }
        int compared = 0;
        try (Stream<Path> files = Files.walk(ws.resolve("releases"))) {
            for (Path torrent : files.filter(p -> p.toString().endsWith(".torrent")).toList()) {
                String name = torrent.getFileName().toString();
                Path data = torrent.resolveSibling(name.substring(0, name.length() - ".torrent".length()));
                Path mk = dir.resolve("mk-" + compared + ".torrent");
                ExternalTools.ok(dir, "mktorrent", "-l", "15", "-o", mk.toString(), data.toString());
                String ours = ExternalTools.ok(dir, PYTHON, "-c",
                        "import sys, libtorrent as lt; print(lt.torrent_info(sys.argv[1]).info_hashes().v1, lt.torrent_info(sys.argv[2]).info_hashes().v1)",
                        torrent.toString(), mk.toString()).strip();
                String[] hashes = ours.split(" ");
                assertEquals(hashes[1], hashes[0], "info-hash of " + name + " equals mktorrent -l 15");
                compared++;
            }
        }
        assertEquals(17, compared);
    }

    @Test
    void metadataFilesDecompressWithZstdAndTheExportOpensInSqlite3AndTheAlbumArtInTar(@TempDir Path dir) throws Exception {
        Path ws = dir.resolve("ws");
        long tracks;
        try (LongplayRuntime runtime = processed(ws, Map.of())) {
            releaseAll(runtime);
            tracks = TestWorkspace.count(TestWorkspace.catalog(runtime), "SELECT COUNT(*) FROM track_files");
        }
        int metaFiles = 0;
        try (Stream<Path> files = Files.walk(ws.resolve("releases"))) {
            for (Path meta : files.filter(p -> p.toString().endsWith(".jsonl.zst")).toList()) {
                String lines = ExternalTools.ok(dir, "zstd", "-dc", meta.toString());
                assertFalse(lines.isBlank(), meta.toString());
                ExternalTools.ok(dir, PYTHON, "-c", "import sys, json\nfor l in open(sys.argv[1], encoding='utf-8'): "
                        + "r = json.loads(l); assert r['aacid'].startswith('aacid__') and len(r['aacid']) <= 150, r",
                        write(dir.resolve("meta-" + metaFiles + ".jsonl"), lines).toString());
                metaFiles++;
            }
        }
        assertEquals(10, metaFiles, "4 in metadata, one per music stage, file-metadata, patches");
        Path export = only(stageDir(ws, "metadata"), "longplay_track_files__*.sqlite3.zst");
        Path sqlite = dir.resolve("track_files.sqlite3");
        ExternalTools.ok(dir, "zstd", "-d", export.toString(), "-o", sqlite.toString());
        assertEquals(Long.toString(tracks), ExternalTools.ok(dir, "sqlite3", sqlite.toString(), "SELECT COUNT(*) FROM track_files").strip());
        assertEquals("27", ExternalTools.ok(dir, "sqlite3", sqlite.toString(), "SELECT COUNT(*) FROM pragma_table_info('track_files')").strip());
        Path tar = only(stageDir(ws, "album-art"), "longplay_album_art__*.tar");
        String listing = ExternalTools.ok(dir, "tar", "-tf", tar.toString());
        // folders named by the two characters after the image id's 16-character prefix
        assertEquals(List.of("01/", "01/ab67616d00001e020123456789abcdef01234567"), listing.lines().toList());
    }

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text);
        return file;
    }

    @Test
    void musicIsHardLinkedFromTheArchiveNotCopied(@TempDir Path dir) throws Exception {
        Path ws = dir.resolve("ws");
        try (LongplayRuntime runtime = processed(ws, Map.of())) {
            Exchange e = release(runtime, "music-pop-50-to-100", false);
            assertEquals(0, exit(e), text(e));
            Path folder = only(stageDir(ws, "music-pop-50-to-100"), "longplay_data__aacid__*Z");
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.toList()) {
                    assertEquals(2, (int) Files.getAttribute(f, "unix:nlink"), f + " shares its data with archive/");
                }
            }
        }
    }

    @Test
    void buildingTheSameStagesTwiceFromTheSameCatalogueGivesTheSameBytes(@TempDir Path dir) throws Exception {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        try (LongplayRuntime runtime = processed(first, Map.of())) {
            releaseAll(runtime);
        }
        try (LongplayRuntime runtime = processed(second, Map.of())) {
            releaseAll(runtime);
        }
        Map<String, String> a = releasedStages(first);
        assertTrue(a.size() > 30, a.toString());
        assertEquals(a, releasedStages(second));
    }

    @Test
    void releasingAReleasedStageAgainSaysSoAndChangesNothing(@TempDir Path dir) throws Exception {
        Path ws = dir.resolve("ws");
        try (LongplayRuntime runtime = processed(ws, Map.of())) {
            releaseAll(runtime);
            Map<String, String> before = tree(ws.resolve("releases"));
            long modified = Files.getLastModifiedTime(ws.resolve("releases/torrents.json")).toMillis();
            Exchange again = release(runtime, "music-pop-0", false);
            assertEquals(0, exit(again));
            assertTrue(text(again).contains("already released"), text(again));
            Exchange next = release(runtime, "next", false);
            assertEquals(0, exit(next));
            assertTrue(text(next).contains("nothing left to release"), text(next));
            assertEquals(before, tree(ws.resolve("releases")));
            assertEquals(modified, Files.getLastModifiedTime(ws.resolve("releases/torrents.json")).toMillis());
        }
    }

    @Test
    void aReleaseInterruptedAtEachPointIsFinishedByTheNextRunWithTheSameBytes(@TempDir Path dir) throws Exception {
        Path ws = dir.resolve("ws");
        try (LongplayRuntime runtime = processed(ws, Map.of())) {
            releaseAll(runtime);
            DataSource catalog = TestWorkspace.catalog(runtime);
            Map<String, String> released = releasedStages(ws);
            String stage = "music-pop-0";
            Path target = stageDir(ws, stage);
            Path partial = ws.resolve("releases/.partial-" + stage);
            String list = Files.readString(ws.resolve("releases/torrents.json"));

            // 1. killed while building: a half partial folder, nothing recorded, nothing visible
            Files.move(target, partial);
            Path folder = only(partial, "longplay_data__aacid__*Z");
            try (Stream<Path> files = Files.list(folder)) {
                Files.delete(files.findFirst().orElseThrow());
            }
            Files.delete(only(partial, "longplay_meta__*.jsonl.zst.torrent"));
            sql(catalog, "DELETE FROM release_torrents WHERE stage_id = '" + stage + "'",
                    "DELETE FROM release_stages WHERE stage_id = '" + stage + "'");
            Exchange rerun = release(runtime, stage, false);
            assertEquals(0, exit(rerun), text(rerun));
            assertTrue(text(rerun).contains(": released"), text(rerun));
            assertFalse(Files.exists(partial));
            assertEquals(released, releasedStages(ws));

            // 2. killed after recording the build, before the rename: finished from the partial folder
            Files.move(target, partial);
            Files.delete(ws.resolve("releases/torrents.json"));
            sql(catalog, "UPDATE release_stages SET state = 'built' WHERE stage_id = '" + stage + "'");
            rerun = release(runtime, stage, false);
            assertEquals(0, exit(rerun), text(rerun));
            assertTrue(text(rerun).contains("finished an interrupted release"), text(rerun));
            assertEquals(released, releasedStages(ws));
            assertEquals(list.replaceAll("\"added_to_torrents_list_at\":\"[^\"]*\"", ""),
                    Files.readString(ws.resolve("releases/torrents.json")).replaceAll("\"added_to_torrents_list_at\":\"[^\"]*\"", ""));

            // 3. killed after the rename, before the list was written
            Files.delete(ws.resolve("releases/torrents.json"));
            sql(catalog, "UPDATE release_stages SET state = 'built' WHERE stage_id = '" + stage + "'");
            rerun = release(runtime, "next", false);
            assertEquals(0, exit(rerun), text(rerun));
            assertTrue(text(rerun).contains("finished an interrupted release"), text(rerun));
            assertTrue(Files.readString(ws.resolve("releases/torrents.json")).contains("\"stage\":\"" + stage + "\""));
            assertEquals(released, releasedStages(ws));
        }
    }

    @Test
    void aDryRunPrintsWhatEachStageWouldHoldAndWritesNothing(@TempDir Path dir) throws Exception {
        Path ws = dir.resolve("ws");
        try (LongplayRuntime runtime = processed(ws, Map.of("longplay.release.folder-max-files", "2"))) {
            DataSource catalog = TestWorkspace.catalog(runtime);
            Map<String, String> before = tree(ws.resolve("archive"));
            Exchange survey = release(runtime, "music-pop-0", true);
            assertEquals(0, exit(survey), text(survey));
            String said = text(survey);
            assertTrue(said.contains("music_files_pop_0: 3 files, 94517 bytes in 2 data folders"), said);
            assertTrue(said.contains("3 torrents"), said);
            assertFalse(Files.exists(ws.resolve("releases")), "nothing written");
            assertEquals(0, TestWorkspace.count(catalog, "SELECT COUNT(*) FROM release_files"));
            assertEquals(0, TestWorkspace.count(catalog, "SELECT COUNT(*) FROM release_stages"));
            assertEquals(before, tree(ws.resolve("archive")));
            Exchange real = release(runtime, "music-pop-0", false);
            assertTrue(text(real).contains("3 torrents, 4 files, "), text(real));
            try (Stream<Path> folders = Files.list(stageDir(ws, "music-pop-0"))) {
                assertEquals(2, folders.filter(Files::isDirectory).count(), "two folders of at most 2 files");
            }
        }
    }

    @Test
    void aStageWhoseInputsAreNotReadyIsRefusedAndAnUnknownStageIsBadUsage(@TempDir Path dir) throws Exception {
        try (LongplayRuntime runtime = processed(dir.resolve("ws"), Map.of())) {
            Exchange early = release(runtime, "file-metadata", false);
            assertEquals(1, exit(early));
            assertTrue(text(early).contains("not ready: music stage music-pop-50-to-100 is not released yet"), text(early));
            Exchange unknown = release(runtime, "music-pop-7", false);
            assertEquals(2, exit(unknown));
        }
    }

    @Test
    void verifyPassesOnAFreshReleaseAndNamesOneFlippedByteInAMusicFileAPatchAndAMetadataFile(@TempDir Path dir) throws Exception {
        Path ws = dir.resolve("ws");
        try (LongplayRuntime runtime = processed(ws, Map.of())) {
            releaseAll(runtime);
            Exchange clean = runtime.request("direct:verify", Map.of(Headers.VERIFY_ALL, true));
            assertEquals(0, exit(clean), text(clean));
            assertTrue(text(clean).contains("verify: ok"), text(clean));

            Path music = firstFile(only(stageDir(ws, "music-pop-50-to-100"), "longplay_data__aacid__*Z"));
            Path patch = firstFile(only(stageDir(ws, "patches"), "longplay_data__aacid__*Z"));
            Path meta = only(stageDir(ws, "music-pop-0"), "longplay_meta__*.jsonl.zst");
            for (Path damaged : List.of(music, patch, meta)) {
                flip(damaged);
                Exchange caught = runtime.request("direct:verify", Map.of(Headers.VERIFY_ALL, true));
                assertEquals(1, exit(caught), damaged + ": " + text(caught));
                assertTrue(text(caught).lines().anyMatch(l -> l.startsWith("MISMATCH ") && l.contains(damaged.getFileName().toString())),
                        damaged + " named: " + text(caught));
                flip(damaged);
            }
            Exchange again = runtime.request("direct:verify", Map.of(Headers.STAGE, "patches"));
            assertEquals(0, exit(again), text(again));
        }
    }

    private static Path firstFile(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().findFirst().orElseThrow();
        }
    }

    /** Flips one bit in the middle of the file, in place (the inode, and so any hard link, keeps it). */
    private static void flip(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
        }
    }

    @Test
    void hybridTorrentsLoadInLibtorrentWithAV2HashAndRecheckAtFull(@TempDir Path dir) throws Exception {
        Path ws = dir.resolve("ws");
        try (LongplayRuntime runtime = processed(ws, Map.of("longplay.release.hybrid", "true", "longplay.release.piece-length", "16384"))) {
            releaseAll(runtime);
        }
        libtorrentChecksEveryTorrent(dir, ws, true);
    }

    @Test
    void statusShowsEachStageReleasedOrWhatItWaitsFor(@TempDir Path dir) throws Exception {
        try (LongplayRuntime runtime = processed(dir.resolve("ws"), Map.of())) {
            assertEquals(0, exit(release(runtime, "metadata", false)));
            String status = text(runtime.request("direct:status", Map.of()));
            assertTrue(status.matches("(?s).*metadata +metadata +released \\S+, 5 torrents, 5 files, \\d+ bytes.*"), status);
            assertTrue(status.contains("file-metadata          file-metadata pending (waits: music stage music-pop-50-to-100 is not released yet)"), status);
            assertTrue(status.contains("music-pop-0            music         pending (ready)"), status);
        }
    }

    /**
     * A workspace where every track is planned {@code skipped_low_priority} (the fixture of issue 18's
     * reproduction): the metadata stage has the export and nothing else; every other stage has no file.
     */
    static Path workspaceWithEmptyStages(Path dir) {
        String ws = dir.resolve("ws").toString();
        Path fixture = dir.resolve("fx");
        ReplayTest.Run fixtures = ReplayTest.cli("fixtures", "--tracks", "12", "--audio-seconds", "1", "--zero-popularity-share", "0.8",
                "--out", fixture.toString(), "--workspace", ws);
        assertEquals(0, fixtures.exitCode(), fixtures.stdout());
        ReplayTest.Run run = ReplayTest.cli("run", "--workspace", ws, "--metadata", fixture.resolve("spotify_clean.sqlite3").toString(),
                "--originals", fixture.resolve("originals").toString(), "--covers", fixture.resolve("covers").toString());
        assertEquals(0, run.exitCode(), run.stdout());
        assertTrue(run.stdout().contains("skipped_low_priority 12"), "nothing to process: " + run.stdout());
        return Path.of(ws);
    }

    @Test
    void hardening2_aStageWithNoFilesIsReleasedAsEmptyAndEveryLaterStageStillReleases(@TempDir Path dir) {
        Path ws = workspaceWithEmptyStages(dir);
        ReplayTest.Run all = ReplayTest.cli("release", "--all", "--workspace", ws.toString());
        assertEquals(0, all.exitCode(), all.stdout());
        assertTrue(all.stdout().contains("release music-pop-50-to-100: released empty: no processed track of popularity 50-100"),
                all.stdout());
        assertTrue(all.stdout().contains("release patches: released empty"), all.stdout());

        String status = ReplayTest.cli("status", "--workspace", ws.toString()).stdout();
        assertTrue(status.matches("(?s).*\\n  metadata +metadata +released \\S+, 1 torrents, 1 files, \\d+ bytes\\n.*"), status);
        for (String empty : List.of("music-pop-50-to-100", "music-pop-0", "file-metadata", "album-art", "patches")) {
            assertTrue(status.matches("(?s).*\\n  " + empty + " +[a-z-]+ +released \\S+, empty: [^\\n]+\\n.*"), empty + ":\n" + status);
            assertTrue(Files.isDirectory(stageDir(ws, empty)), empty + " has its (empty) folder");
        }
        assertFalse(status.contains("pending"), status);
        ReplayTest.Run verify = ReplayTest.cli("verify", "--workspace", ws.toString());
        assertEquals(0, verify.exitCode(), verify.stdout());
    }
}
