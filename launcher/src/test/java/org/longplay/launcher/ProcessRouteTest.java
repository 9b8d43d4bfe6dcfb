package org.longplay.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.jaudiotagger.audio.AudioFileIO;
import org.jaudiotagger.tag.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longplay.camel.Headers;
import org.longplay.ogg.OriginalOgg;
import org.longplay.ogg.ReplayGain;
import org.longplay.ogg.SpotifyPrefix;
import org.longplay.process.ProcessReport;
import org.longplay.process.Sha256;
import org.longplay.process.TrackOutcome;

/**
 * The process route on the hand-made "small" case, in the real runtime, with originals made from a
 * real oggenc file, checked by jaudiotagger and by the independent tools (vorbiscomment, ffmpeg, zstd).
 */
class ProcessRouteTest {
    /** small: rowid 1 (pop 55, album 1 with covers), 4 (pop 80, album 2), 7 (pop 3, two artists, album 3). */
    private static final String SIGUR = "4uLU6hMCjMI75M1A2tKUQC";
    private static final String ACDC = "2zYzyRzz6pRmhPzyfMEC8s";
    private static final String TWO_ARTISTS = "3n3Ppam7vgaVa1iaRUc9Lp";
    /** small: rowids 2 and 6, popularity 0, planned for Opus. */
    private static final List<String> POPULARITY_ZERO = List.of("7ouMYWpwJ422jRcDASZB7P", "57bgtoPSgt236HzfBOd8kj");
    private static final ReplayGain SIGUR_GAINS = new ReplayGain(-6.5f, 0.987654f, -7.25f, 0.999f);
    private static final ReplayGain TWO_ARTISTS_GAINS = new ReplayGain(1.75f, 0.5f, -0.125f, 0.75f);
    /** A real Vorbis file made by Debian's oggenc (provenance in its folder's README). */
    static final Path REAL_VORBIS = TestWorkspace.HOME.resolve("fixtures/_shared/real-vorbis/stereo-3s-q3.ogg");

    @TempDir
    static Path shared;

    @BeforeAll
    static void quietJaudiotagger() {
        Logger.getLogger("org.jaudiotagger").setLevel(Level.WARNING);
    }

    /** The small case imported and planned in a fresh workspace. */
    static LongplayRuntime planned(Path workspace, String caseName) throws Exception {
        LongplayRuntime runtime = TestWorkspace.start(workspace);
        Exchange replay = runtime.request("direct:replay",
                Map.of(Headers.REPLAY_CASE, TestWorkspace.fixtureCase(caseName).toString(), Headers.REPLAY_UPDATE, false));
        assertNull(replay.getMessage().getHeader(Headers.EXIT_CODE), caseName + " replays to its golden files");
        return runtime;
    }

    static Exchange process(LongplayRuntime runtime, Path originals, Path covers) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(Headers.ORIGINALS, originals.toString());
        if (covers != null) {
            headers.put(Headers.COVERS, covers.toString());
        }
        return runtime.request("direct:process", headers);
    }

    static byte[] prefixed(ReplayGain gains) throws IOException {
        byte[] vorbis = Files.readAllBytes(REAL_VORBIS);
        byte[] prefix = SpotifyPrefix.build(gains, 0x5107);
        byte[] file = Arrays.copyOf(prefix, prefix.length + vorbis.length);
        System.arraycopy(vorbis, 0, file, prefix.length, vorbis.length);
        return file;
    }

    /**
     * Originals for the three tracks kept in original quality (two with the prefix, one plain, at
     * different depths) and for the two popularity-0 tracks planned for Opus.
     */
    static Path goodOriginals(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("a/b"));
        Files.write(dir.resolve("a/b/" + SIGUR + ".ogg"), prefixed(SIGUR_GAINS));
        Files.copy(REAL_VORBIS, dir.resolve(ACDC + ".ogg"));
        Files.write(dir.resolve("a/" + TWO_ARTISTS + ".ogg"), prefixed(TWO_ARTISTS_GAINS));
        for (String reencoded : POPULARITY_ZERO) {
            Files.copy(REAL_VORBIS, dir.resolve(reencoded + ".ogg"));
        }
        return dir;
    }

    /** A cover for album 1's narrower image only: the widest image that has a file must be chosen. */
    static Path covers(Path dir) throws IOException {
        Files.createDirectories(dir);
        BufferedImage image = new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 4, 0xFF8800);
        ImageIO.write(image, "png", dir.resolve("ab67616d00001e020123456789abcdef01234567").toFile());
        return dir;
    }

    static Map<String, Object> row(DataSource catalog, String trackId) throws Exception {
        try (Connection c = catalog.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT * FROM track_files WHERE track_id = ?")) {
            s.setString(1, trackId);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next(), trackId);
                Map<String, Object> row = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                return row;
            }
        }
    }

    static Path archived(Path workspace, Map<String, Object> row) {
        return workspace.resolve("archive").resolve((String) row.get("filename"));
    }

    private static Tag tags(Path file) throws Exception {
        return AudioFileIO.read(file.toFile()).getTag();
    }

    @Test
    void eachOriginalIsTaggedFromTheCatalogueAndRecordedWithItsChecksums(@TempDir Path dir) throws Exception {
        Path originals = goodOriginals(dir.resolve("originals"));
        Path workspace = dir.resolve("ws");
        try (LongplayRuntime runtime = planned(workspace, "small")) {
            AdviceWith.adviceWith(runtime.context(), "process-track", route -> route.weaveAddLast().to("mock:processed"));
            MockEndpoint processed = runtime.context().getEndpoint("mock:processed", MockEndpoint.class);
            processed.expectedMessageCount(5);
            processed.allMessages().body().isInstanceOf(TrackOutcome.class);
            Exchange exchange = process(runtime, originals, covers(dir.resolve("covers")));
            processed.assertIsSatisfied();
            assertNull(exchange.getMessage().getHeader(Headers.EXIT_CODE), "nothing failed");
            ProcessReport report = exchange.getMessage().getBody(ProcessReport.class);
            assertEquals(Map.of("success", 5L), report.perStatus());

            DataSource catalog = TestWorkspace.catalog(runtime);
            for (String id : List.of(SIGUR, ACDC, TWO_ARTISTS)) {
                Map<String, Object> row = row(catalog, id);
                Path original = Files.walk(originals).filter(p -> p.getFileName().toString().equals(id + ".ogg")).findFirst().orElseThrow();
                Path file = archived(workspace, row);
                assertEquals("success", row.get("status"));
                assertEquals(Sha256.hex(Files.readAllBytes(original)), row.get("sha256_original"), id);
                assertEquals(Sha256.hex(Files.readAllBytes(file)), row.get("sha256_with_embedded_meta"), id);
                assertEquals(Files.size(file), ((Number) row.get("filesize_bytes")).longValue(), id);
                assertTrue(((Number) row.get("fetched_at")).longValue() > 0, id);
                byte[] held = Files.readAllBytes(original);
                byte[] prefix = (byte[]) row.get("prefixed_ogg_packet");
                if (id.equals(ACDC)) {
                    assertNull(prefix, "a plain original has no prefix");
                } else {
                    assertArrayEquals(Arrays.copyOf(held, SpotifyPrefix.LENGTH), prefix, "the prefix bytes are kept");
                }
                assertEquals(OriginalOgg.inspect(held).audioDigest(), OriginalOgg.inspect(Files.readAllBytes(file)).audioDigest(),
                        "every audio page keeps payload, granule and lacing");
            }

            Tag two = tags(archived(workspace, row(catalog, TWO_ARTISTS)));
            assertEquals(List.of("東京事変", "Sigur Rós"), two.getAll(org.jaudiotagger.tag.FieldKey.ARTIST), "artist order: index_in_album");
            assertEquals(List.of("j-rock", "icelandic rock", "post-rock"), two.getAll(org.jaudiotagger.tag.FieldKey.GENRE));
            assertEquals("+1.75 dB", two.getFirst("REPLAYGAIN_TRACK_GAIN"));
            assertEquals("0.500000", two.getFirst("REPLAYGAIN_TRACK_PEAK"));
            assertEquals("-0.13 dB", two.getFirst("REPLAYGAIN_ALBUM_GAIN"));
            assertEquals("0.750000", two.getFirst("REPLAYGAIN_ALBUM_PEAK"));

            Tag sigur = tags(archived(workspace, row(catalog, SIGUR)));
            assertEquals("Svefn-g-englar", sigur.getFirst(org.jaudiotagger.tag.FieldKey.TITLE));
            assertEquals("-6.50 dB", sigur.getFirst("REPLAYGAIN_TRACK_GAIN"));
            assertEquals("0.987654", sigur.getFirst("REPLAYGAIN_TRACK_PEAK"), "a peak comes from its own float");
            assertEquals("https://open.spotify.com/track/" + SIGUR, sigur.getFirst("URL"));
            assertEquals(1, sigur.getArtworkList().size(), "album 1 has a cover file");
            assertEquals(30, sigur.getFirstArtwork().getWidth(), "width read from the image, not the catalogue's 300");
            assertEquals(20, sigur.getFirstArtwork().getHeight());
            assertEquals("image/png", sigur.getFirstArtwork().getMimeType());

            Tag acdc = tags(archived(workspace, row(catalog, ACDC)));
            assertEquals("", acdc.getFirst("REPLAYGAIN_TRACK_GAIN"), "no prefix, no replay gain");
            assertTrue(acdc.getArtworkList().isEmpty(), "album 2 has no cover file");
            assertEquals("track-popularity-50-to-100/A/AC/AC_DC_ Live/1980 Back_In_Black (6mUdeDZCsExyJLMdAfDuwh)/"
                    + "01 AC_DC_ Live - Back In Black.ogg", row(catalog, ACDC).get("filename"));
        }
    }

    @Test
    void independentToolsReadTheTagsDecodeTheSameAudioAndRebuildTheOriginal(@TempDir Path dir) throws Exception {
        Path originals = goodOriginals(dir.resolve("originals"));
        Path workspace = dir.resolve("ws");
        try (LongplayRuntime runtime = planned(workspace, "small")) {
            assertNull(process(runtime, originals, null).getMessage().getHeader(Headers.EXIT_CODE));
            DataSource catalog = TestWorkspace.catalog(runtime);
            Map<String, Object> row = row(catalog, TWO_ARTISTS);
            Path file = archived(workspace, row);

            String comments = ExternalTools.ok(dir, "vorbiscomment", "-l", file.toString());
            assertTrue(comments.contains("ARTIST=東京事変\nARTIST=Sigur Rós\n"), comments);
            assertTrue(comments.contains("REPLAYGAIN_TRACK_GAIN=+1.75 dB"), comments);

            String decodedOriginal = ExternalTools.ok(dir, "ffmpeg", "-v", "error", "-i", REAL_VORBIS.toString(), "-f", "md5", "-");
            String decodedTagged = ExternalTools.ok(dir, "ffmpeg", "-v", "error", "-i", file.toString(), "-f", "md5", "-");
            assertEquals(decodedOriginal, decodedTagged, "decoded audio is identical");

            Path rebuilt = dir.resolve("rebuilt.ogg");
            ExternalTools.ok(dir, "zstd", "-d", "-q", "--patch-from=" + file, workspace.resolve("patches/" + TWO_ARTISTS + ".zstdpatch").toString(),
                    "-o", rebuilt.toString());
            assertEquals(row.get("sha256_original"), Sha256.hex(Files.readAllBytes(rebuilt)), "the stock zstd CLI rebuilds the original");
        }
    }

    @Test
    void eachKindOfCorruptOriginalIsRecordedWithItsReasonAndTheRunGoesOn(@TempDir Path dir) throws Exception {
        byte[] good = prefixed(SIGUR_GAINS);
        byte[] badCrc = good.clone();
        badCrc[100] ^= 0x55;
        Map<String, byte[]> samples = new TreeMap<>(Map.of(
                "truncated at byte 9000", Arrays.copyOf(good, 9000),
                "not an Ogg stream", "ID3\u0003 not audio at all".getBytes(),
                "bad CRC on prefix page", badCrc,
                "empty file", new byte[0]));
        int run = 0;
        for (Map.Entry<String, byte[]> sample : samples.entrySet()) {
            Path originals = goodOriginals(dir.resolve("originals" + run));
            Files.write(originals.resolve("a/b/" + SIGUR + ".ogg"), sample.getValue());
            Files.delete(originals.resolve(ACDC + ".ogg"));
            try (LongplayRuntime runtime = planned(dir.resolve("ws" + run++), "small")) {
                Exchange exchange = process(runtime, originals, null);
                assertEquals(1, exchange.getMessage().getHeader(Headers.EXIT_CODE, Integer.class), "a failed track makes exit 1");
                DataSource catalog = TestWorkspace.catalog(runtime);
                Map<String, Object> corrupt = row(catalog, SIGUR);
                assertEquals("error_corrupt_original", corrupt.get("status"), sample.getKey());
                assertTrue(((String) corrupt.get("status_reason")).startsWith(sample.getKey()), (String) corrupt.get("status_reason"));
                assertNull(corrupt.get("filename"));
                assertEquals("error_no_original", row(catalog, ACDC).get("status"));
                assertTrue(((String) row(catalog, ACDC).get("status_reason")).startsWith("no " + ACDC + ".ogg under the originals folder"));
                assertEquals("success", row(catalog, TWO_ARTISTS).get("status"), "the run goes on after a bad file");
                String summary = exchange.getMessage().getBody(ProcessReport.class).render();
                assertTrue(summary.contains(SIGUR + " error_corrupt_original: " + sample.getKey()), summary);
                assertTrue(Files.exists(originals.resolve("a/b/" + SIGUR + ".ogg")), "a bad original is left where it is");
            }
        }
    }

    @Test
    void aSecondRunFindsNothingToDoAndChangesNothing(@TempDir Path dir) throws Exception {
        Path originals = goodOriginals(dir.resolve("originals"));
        Path workspace = dir.resolve("ws");
        try (LongplayRuntime runtime = planned(workspace, "small")) {
            process(runtime, originals, null);
            Map<Path, String> before = snapshot(workspace);
            Exchange again = process(runtime, originals, null);
            assertNull(again.getMessage().getHeader(Headers.EXIT_CODE));
            assertTrue(again.getMessage().getBody(ProcessReport.class).perStatus().isEmpty(), "nothing was processed again");
            assertEquals(before, snapshot(workspace), "same files, same bytes, same modification times");
        }
    }

    @Test
    void afterARunThatDidNotEndCleanlyItsFilesAreReadAgainNotTrustedBySizeAndTime(@TempDir Path dir) throws Exception {
        Path originals = goodOriginals(dir.resolve("originals"));
        Path workspace = dir.resolve("ws");
        try (LongplayRuntime runtime = planned(workspace, "small")) {
            DataSource catalog = TestWorkspace.catalog(runtime);
            process(runtime, originals, null);
            assertEquals(List.of("finished"), TestWorkspace.strings(catalog, "SELECT state FROM process_workers"),
                    "a run that ends cleanly says so in its worker row");
            Path file = archived(workspace, row(catalog, SIGUR));
            byte[] good = Files.readAllBytes(file);
            java.nio.file.attribute.FileTime time = Files.getLastModifiedTime(file);
            byte[] lost = new byte[good.length]; // what a power cut can leave: the size, not the data
            Files.write(file, lost);
            Files.setLastModifiedTime(file, time);
            // as if the run that wrote it had died: its worker row still says working, its heartbeat long gone
            try (Connection c = catalog.getConnection(); java.sql.Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE process_workers SET state = 'working', started_at = 0, heartbeat_at = 0, ended_at = NULL");
            }

            Exchange again = process(runtime, originals, null);
            assertEquals(Map.of("success", 1L), again.getMessage().getBody(ProcessReport.class).perStatus());
            assertArrayEquals(good, Files.readAllBytes(file));
            assertEquals(List.of("died", "finished"), TestWorkspace.strings(catalog, "SELECT state FROM process_workers ORDER BY state"));
        }
    }

    @Test
    void aDryRunSaysWhatWouldBeProcessedAndWritesNothing(@TempDir Path dir) throws Exception {
        Path originals = goodOriginals(dir.resolve("originals"));
        Path workspace = dir.resolve("ws");
        try (LongplayRuntime runtime = planned(workspace, "small")) {
            DataSource catalog = TestWorkspace.catalog(runtime);
            Exchange exchange = runtime.request("direct:process",
                    Map.of(Headers.ORIGINALS, originals.toString(), Headers.DRY_RUN, true));
            assertNull(exchange.getMessage().getHeader(Headers.EXIT_CODE));
            org.longplay.process.ProcessSurvey.Survey survey = exchange.getMessage().getBody(org.longplay.process.ProcessSurvey.Survey.class);
            assertEquals(3, survey.keepTracks());
            assertEquals(2, survey.reencodeTracks());
            assertEquals(5, survey.originalFiles());
            assertEquals((604000L + 255000 + 180000) * 160 / 8, survey.keepBytes(), "playing time x 160 kbit/s");
            assertFalse(Files.exists(workspace.resolve("archive")));
            assertFalse(Files.exists(workspace.resolve("patches")));
            assertEquals(0, TestWorkspace.count(catalog, "SELECT COUNT(*) FROM originals"), "not even the originals index");
            assertEquals(0, TestWorkspace.count(catalog, "SELECT COUNT(*) FROM track_files WHERE archive_name IS NOT NULL"));
            assertTrue(survey.render().contains("enough"), survey.render());
        }
    }

    @Test
    void aFinishedTrackWhoseFileIsGoneOrChangedIsProcessedAgainToTheSameBytes(@TempDir Path dir) throws Exception {
        Path originals = goodOriginals(dir.resolve("originals"));
        Path workspace = dir.resolve("ws");
        try (LongplayRuntime runtime = planned(workspace, "small")) {
            process(runtime, originals, null);
            DataSource catalog = TestWorkspace.catalog(runtime);
            Path gone = archived(workspace, row(catalog, SIGUR));
            Path changed = archived(workspace, row(catalog, ACDC));
            byte[] goneBytes = Files.readAllBytes(gone);
            byte[] changedBytes = Files.readAllBytes(changed);
            Files.delete(gone);
            byte[] flipped = changedBytes.clone();
            flipped[flipped.length - 10] ^= 1; // same size, other time, other hash
            Files.write(changed, flipped);
            Files.setLastModifiedTime(changed, java.nio.file.attribute.FileTime.fromMillis(12345));

            Exchange again = process(runtime, originals, null);
            assertEquals(Map.of("success", 2L), again.getMessage().getBody(ProcessReport.class).perStatus());
            assertArrayEquals(goneBytes, Files.readAllBytes(gone));
            assertArrayEquals(changedBytes, Files.readAllBytes(changed));
        }
    }

    @Test
    void anUnexpectedFailureLeavesTheTrackQueuedForTheNextRun(@TempDir Path dir) throws Exception {
        Path originals = goodOriginals(dir.resolve("originals"));
        Path workspace = dir.resolve("ws");
        try (LongplayRuntime runtime = planned(workspace, "small")) {
            AdviceWith.adviceWith(runtime.context(), "process-track", route -> route.weaveById("record-outcome").before()
                    .process(e -> {
                        throw new IOException("disk gone");
                    }));
            Exchange exchange = process(runtime, originals, null);
            assertEquals(1, exchange.getMessage().getHeader(Headers.EXIT_CODE, Integer.class));
            assertFalse(exchange.isFailed(), "each failure is handled by longplay-track-errors");
            DataSource catalog = TestWorkspace.catalog(runtime);
            for (String id : List.of(SIGUR, ACDC, TWO_ARTISTS, POPULARITY_ZERO.get(0), POPULARITY_ZERO.get(1))) {
                assertEquals("todo", row(catalog, id).get("status"), "never marked success without its record");
                assertEquals("IOException: disk gone", row(catalog, id).get("status_reason"));
            }
        }
        try (LongplayRuntime runtime = TestWorkspace.start(workspace)) {
            Exchange exchange = process(runtime, originals, null);
            assertEquals(Map.of("success", 5L), exchange.getMessage().getBody(ProcessReport.class).perStatus());
        }
    }

    @Test
    void hostileMetadataCannotNameAFileOutsideTheArchive(@TempDir Path dir) throws Exception {
        Path workspace = dir.resolve("ws");
        try (LongplayRuntime runtime = planned(workspace, "hostile-text")) {
            DataSource catalog = TestWorkspace.catalog(runtime);
            Path originals = Files.createDirectories(dir.resolve("originals"));
            List<String> todo = TestWorkspace.strings(catalog,
                    "SELECT track_id FROM track_files WHERE status = 'todo'");
            assertEquals(3, todo.size(), "the hostile case's tracks to process: " + todo);
            for (String id : todo) {
                Files.copy(REAL_VORBIS, originals.resolve(id + ".ogg"));
            }
            Exchange exchange = process(runtime, originals, null);
            assertNull(exchange.getMessage().getHeader(Headers.EXIT_CODE));
            Path archive = workspace.resolve("archive").toRealPath();
            for (String name : TestWorkspace.strings(catalog, "SELECT filename FROM track_files WHERE status = 'success'")) {
                Path file = archive.resolve(name);
                assertTrue(Files.isRegularFile(file), name);
                assertTrue(file.toRealPath().startsWith(archive), name);
                for (Path component : archive.relativize(file)) {
                    String c = component.toString();
                    assertTrue(c.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 255, c);
                    assertFalse(c.equals(".") || c.equals("..") || c.isEmpty(), name);
                    assertTrue(c.codePoints().noneMatch(cp -> Character.getType(cp) == Character.CONTROL), name);
                }
            }
            try (Stream<Path> all = Files.walk(workspace)) {
                assertTrue(all.filter(Files::isRegularFile).allMatch(p -> p.toAbsolutePath().normalize().startsWith(workspace)));
            }
        }
    }

    @Test
    void hardening8_bidiControlsGoFromArchiveNamesAndStayInTheTagsAsTheCatalogueHasThem(@TempDir Path dir) throws Exception {
        Path workspace = dir.resolve("ws");
        try (LongplayRuntime runtime = planned(workspace, "small")) {
            DataSource catalog = TestWorkspace.catalog(runtime);
            // a right-to-left override: a listing would show the name ending in "exe.ogg" reversed
            String spoofing = "Svefn\u202Egpj.exe\u202C\u2066";
            try (Connection c = catalog.getConnection(); PreparedStatement s = c.prepareStatement("UPDATE tracks SET name = ? WHERE id = ?")) {
                s.setString(1, spoofing);
                s.setString(2, SIGUR);
                assertEquals(1, s.executeUpdate());
            }
            process(runtime, goodOriginals(dir.resolve("originals")), null);
            Map<String, Object> row = row(catalog, SIGUR);
            String filename = (String) row.get("filename");
            assertTrue(filename.endsWith(" - Svefngpj.exe.ogg"), filename);
            assertEquals(spoofing, tags(archived(workspace, row)).getFirst(org.jaudiotagger.tag.FieldKey.TITLE), "the tag keeps the text");
        }
    }

    /**
     * The one rule for the inputs' folders (docs/processing.md): a symbolic link inside the originals or covers
     * folder is not followed, while the folders named on the command line may themselves be links.
     */
    @Test
    void hardening8_linksInsideTheOriginalsAndCoversFoldersAreNotFollowedWhileTheFoldersNamedMayBeLinks(@TempDir Path dir) throws Exception {
        Path fixture = dir.resolve("fx");
        String ws = dir.resolve("ws").toString();
        assertEquals(0, ReplayTest.cli("fixtures", "--tracks", "12", "--audio-seconds", "1", "--zero-popularity-share", "0",
                "--out", fixture.toString(), "--workspace", ws).exitCode());
        // each album's widest image a link to its file elsewhere, the narrower ones plain files
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path covers = Files.createDirectories(dir.resolve("covers"));
        try (Stream<Path> files = Files.list(fixture.resolve("covers"))) {
            for (Path cover : files.filter(p -> p.getFileName().toString().startsWith("ab67616d")).toList()) {
                String name = cover.getFileName().toString();
                if (name.startsWith("ab67616d0000b273")) {
                    Files.createSymbolicLink(covers.resolve(name), Files.move(cover, elsewhere.resolve(name)));
                } else {
                    Files.copy(cover, covers.resolve(name));
                }
            }
        }
        // one original a link to its file elsewhere: not followed either, so that track has no original
        String[] linked = Files.readAllLines(fixture.resolve("originals/MANIFEST.tsv")).get(1).split("\t");
        Path original = fixture.resolve("originals").resolve(linked[3]);
        Files.createSymbolicLink(original, Files.move(original, elsewhere.resolve(linked[0] + ".ogg")));
        Path originalsLink = Files.createSymbolicLink(dir.resolve("originals-link"), fixture.resolve("originals"));
        Path coversLink = Files.createSymbolicLink(dir.resolve("covers-link"), covers);

        ReplayTest.Run run = ReplayTest.cli("run", "--workspace", ws, "--metadata", fixture.resolve("spotify_clean.sqlite3").toString(),
                "--originals", originalsLink.toString(), "--covers", coversLink.toString());
        assertEquals(1, run.exitCode(), "the linked and the missing original fail: " + run.stdout());
        try (LongplayRuntime runtime = TestWorkspace.start(Path.of(ws))) {
            DataSource catalog = TestWorkspace.catalog(runtime);
            assertEquals("error_no_original", row(catalog, linked[0]).get("status"));
            assertTrue(String.valueOf(row(catalog, linked[0]).get("status_reason")).endsWith(linked[3]
                    + " is a symbolic link: links inside the originals folder are not followed (docs/processing.md)"),
                    "the reason names the link: " + row(catalog, linked[0]));
            List<String> processed = TestWorkspace.strings(catalog, "SELECT filename FROM track_files WHERE status = 'success'");
            assertEquals(10, processed.size(), "the originals folder named through a link is read: " + run.stdout());
            for (String filename : processed) {
                Tag tag = tags(Path.of(ws, "archive").resolve(filename));
                assertEquals(300, tag.getFirstArtwork().getWidth(), "the widest cover is a link, so the next one is used: " + filename);
            }
        }
        ReplayTest.Run release = ReplayTest.cli("release", "--all", "--workspace", ws);
        assertEquals(0, release.exitCode(), release.stdout());
        Path tar;
        try (Stream<Path> files = Files.list(Path.of(ws, "releases", "album-art"))) {
            tar = files.filter(p -> p.toString().endsWith(".tar")).findFirst().orElseThrow();
        }
        List<String> entries = ExternalTools.ok(dir, "tar", "-tf", tar.toString()).lines().filter(e -> !e.endsWith("/")).toList();
        assertEquals(4, entries.size(), "the plain covers of the two albums: " + entries);
        assertTrue(entries.stream().noneMatch(e -> e.contains("ab67616d0000b273")), "no linked cover: " + entries);
    }

    /** A popularity-0 track with two artists (audio-small), re-encoded by the transcoder the config names. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"", "org.longplay.transcode.FfmpegCliOpusTranscoder"})
    void popularityZeroTracksBecomeOpusFilesTheIndependentToolsAccept(String transcoder, @TempDir Path dir) throws Exception {
        Path workspace = dir.resolve("ws");
        Map<String, String> config = transcoder.isEmpty() ? Map.of() : Map.of("camel.beans.opusTranscoder", "#class:" + transcoder);
        try (LongplayRuntime runtime = TestWorkspace.start(workspace, config)) {
            Exchange replay = runtime.request("direct:replay", Map.of(Headers.REPLAY_CASE,
                    TestWorkspace.fixtureCase("audio-small").toString(), Headers.REPLAY_UPDATE, false));
            if (transcoder.isEmpty()) {
                assertNull(replay.getMessage().getHeader(Headers.EXIT_CODE), "audio-small replays to its golden files");
            }
            DataSource catalog = TestWorkspace.catalog(runtime);
            for (String id : List.of("7ouMYWpwJ422jRcDASZB7P", "57bgtoPSgt236HzfBOd8kj", "AudioCaseTrack00000016")) {
                Map<String, Object> row = row(catalog, id);
                assertEquals("success", row.get("status"), id);
                assertEquals(75, ((Number) row.get("reencoded_kbit_vbr")).intValue());
                Path file = archived(workspace, row);
                assertEquals(Sha256.hex(Files.readAllBytes(file)), row.get("sha256_with_embedded_meta"));
                ExternalTools.Result info = ExternalTools.run(dir, "opusinfo", file.toString());
                assertEquals(0, info.exit(), info.stdout() + info.stderr());
                assertFalse((info.stdout() + info.stderr()).contains("WARNING"), info.stdout());
                String stream = ExternalTools.ok(dir, "ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
                        "stream=codec_name,sample_rate:format=duration", "-of", "default=noprint_wrappers=1", file.toString());
                assertTrue(stream.contains("codec_name=opus") && stream.contains("sample_rate=48000"), stream);
                Path original = Files.walk(TestWorkspace.fixtureCase("audio-small").resolve("originals"))
                        .filter(p -> p.getFileName().toString().equals(id + ".ogg")).findFirst().orElseThrow();
                Path plain = dir.resolve(id + ".vorbis.ogg"); // ffprobe cannot read past the prefix page
                byte[] held = Files.readAllBytes(original);
                Files.write(plain, Arrays.copyOfRange(held, OriginalOgg.inspect(held).vorbisOffset(), held.length));
                assertEquals(duration(dir, plain), duration(dir, file), 0.1, id + ": duration of the original");
            }
            String comments = ExternalTools.ok(dir, "opusinfo", archived(workspace, row(catalog, "AudioCaseTrack00000016")).toString());
            assertTrue(comments.contains("ARTIST=東京事変") && comments.contains("ARTIST=Sigur Rós"), "one ARTIST comment each: " + comments);
            assertTrue(comments.contains("R128_TRACK_GAIN=-1280"), comments);
        }
    }

    private static double duration(Path dir, Path file) throws Exception {
        return Double.parseDouble(ExternalTools.ok(dir, "ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                "csv=p=0", file.toString()).strip());
    }

    /** Every file under archive/ and patches/ with its hash and modification time. */
    static Map<Path, String> snapshot(Path workspace) throws IOException {
        Map<Path, String> files = new TreeMap<>();
        for (String folder : List.of("archive", "patches")) {
            try (Stream<Path> all = Files.walk(workspace.resolve(folder))) {
                for (Path p : all.filter(Files::isRegularFile).toList()) {
                    files.put(workspace.relativize(p), Sha256.hex(Files.readAllBytes(p)) + " " + Files.getLastModifiedTime(p).toMillis());
                }
            }
        }
        return files;
    }
}
