package org.longplay.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longplay.camel.Headers;
import org.longplay.imports.ImportReport;
import org.longplay.imports.TableCounts;
import org.longplay.replay.CatalogDump;

/** The import route, run in the real runtime on generated and hand-made sources. */
class ImportRouteTest {

    private static final List<String> SOURCE_TABLES = List.of("artists", "albums", "tracks", "artist_genres",
            "album_images", "artist_albums", "track_artists");

    @TempDir
    static Path shared;

    static Path generated;

    @BeforeAll
    static void generateFixture() throws Exception {
        try (LongplayRuntime runtime = TestWorkspace.start(shared.resolve("generator-workspace"))) {
            Exchange exchange = runtime.request("direct:fixtures", Map.of(Headers.FIXTURE_OUT, shared.resolve("fixture").toString(),
                    Headers.FIXTURE_TRACKS, 3000, Headers.FIXTURE_SEED, 7L,
                    Headers.FIXTURE_AUDIO_SECONDS, 0.0));
            assertNull(exchange.getException());
            generated = Path.of(exchange.getMessage().getHeader(Headers.METADATA, String.class));
        }
    }

    private static Exchange importFile(LongplayRuntime runtime, Path metadata) {
        return runtime.request("direct:import", Map.of(Headers.METADATA, metadata.toString()));
    }

    @Test
    void importOfAGeneratedFixtureBringsEverySourceRowIntoTheCatalog(@TempDir Path workspace) throws Exception {
        try (LongplayRuntime runtime = TestWorkspace.start(workspace)) {
            NotifyBuilder done = new NotifyBuilder(runtime.context()).fromRoute("import").whenCompleted(1).create();
            Exchange exchange = importFile(runtime, generated);
            assertTrue(done.matches(10, TimeUnit.SECONDS), "the import route completed");
            assertNull(exchange.getMessage().getHeader(Headers.EXIT_CODE));
            DataSource catalog = TestWorkspace.catalog(runtime);
            for (String table : SOURCE_TABLES) {
                assertEquals(TestWorkspace.sqliteCount(generated, "SELECT COUNT(*) FROM " + table),
                        TestWorkspace.count(catalog, "SELECT COUNT(*) FROM " + table), table + " rows");
            }
            assertEquals(0, TestWorkspace.count(catalog, "SELECT COUNT(*) FROM rejects"));
            ImportReport report = exchange.getMessage().getBody(ImportReport.class);
            assertEquals(report.rowsRead(), report.tables().stream().filter(t -> !t.lookup()).mapToLong(TableCounts::written).sum());
            assertEquals(TestWorkspace.sqliteCount(generated, "SELECT COUNT(*) FROM tracks WHERE external_id_isrc IN"
                    + " (SELECT external_id_isrc FROM tracks GROUP BY external_id_isrc HAVING COUNT(*) > 1)"),
                    TestWorkspace.count(catalog, "SELECT COUNT(*) FROM isrc_groups"), "every track with a shared ISRC is in its group");
            assertEquals(0, TestWorkspace.count(catalog, "SELECT COUNT(*) FROM isrc_groups i JOIN tracks t ON t.rowid = i.track_rowid"
                    + " WHERE t.external_id_isrc <> i.isrc"), "each group row matches its track");
            assertTrue(report.render().contains("rows/s"), "the summary reports the rate");
        }
    }

    @Test
    void reimportingTheSameFileChangesNothing(@TempDir Path workspace) throws Exception {
        try (LongplayRuntime runtime = TestWorkspace.start(workspace)) {
            importFile(runtime, generated);
            Path before = workspace.resolve("dump-before");
            CatalogDump.write(TestWorkspace.catalog(runtime), before);
            Exchange again = importFile(runtime, generated);
            ImportReport report = again.getMessage().getBody(ImportReport.class);
            for (TableCounts table : report.tables()) {
                assertEquals(0, table.written(), table.table() + " rows written on re-import");
                assertEquals(table.read(), table.unchanged(), table.table() + " rows unchanged on re-import");
            }
            Path after = workspace.resolve("dump-after");
            CatalogDump.write(TestWorkspace.catalog(runtime), after);
            assertSameFiles(before, after);
        }
    }

    @Test
    void aNewerFileUpdatesTheRowsThatChanged(@TempDir Path workspace) throws Exception {
        Path copy = workspace.resolve("newer.sqlite3");
        Files.copy(generated, copy);
        try (LongplayRuntime runtime = TestWorkspace.start(workspace.resolve("ws"))) {
            importFile(runtime, generated);
            TestWorkspace.sqlite(copy,
                    "UPDATE tracks SET name = 'Renamed', external_id_isrc = 'ZZNEW0000001', fetched_at = fetched_at + 1 WHERE rowid = 5",
                    "UPDATE tracks SET external_id_isrc = 'ZZNEW0000001', fetched_at = fetched_at + 1 WHERE rowid = 7",
                    "UPDATE tracks SET name = 'Stale rename' WHERE rowid = 6");
            ImportReport report = importFile(runtime, copy).getMessage().getBody(ImportReport.class);
            TableCounts tracks = report.tables().stream().filter(t -> t.table().equals("tracks")).findFirst().orElseThrow();
            assertEquals(2, tracks.written(), "only the rows with a later fetched_at are rewritten");
            DataSource catalog = TestWorkspace.catalog(runtime);
            assertEquals(1, TestWorkspace.count(catalog, "SELECT COUNT(*) FROM tracks WHERE rowid = 5 AND name = 'Renamed'"));
            assertEquals(0, TestWorkspace.count(catalog, "SELECT COUNT(*) FROM tracks WHERE name = 'Stale rename'"));
            assertEquals(List.of("ZZNEW0000001"), TestWorkspace.strings(catalog, "SELECT isrc FROM isrc_groups WHERE track_rowid = 5"),
                    "a track whose ISRC changed leaves its old group and joins its new one");
            assertEquals(List.of(5L, 7L), TestWorkspace.longs(catalog, "SELECT track_rowid FROM isrc_groups WHERE isrc = 'ZZNEW0000001' ORDER BY 1"));
        }
    }

    @Test
    void tablesLoadedSideBySideGiveTheSameCatalogAsOneAtATime(@TempDir Path dir) throws Exception {
        for (String parallel : List.of("1", "3")) {
            try (LongplayRuntime runtime = TestWorkspace.start(dir.resolve("ws-" + parallel),
                    Map.of("longplay.import.parallel-tables", parallel, "longplay.import.batch-size", "700"))) {
                Exchange exchange = runtime.request("direct:replay", Map.of(Headers.REPLAY_CASE,
                        TestWorkspace.fixtureCase("bad-rows").toString(), Headers.REPLAY_UPDATE, false));
                assertNull(exchange.getMessage().getHeader(Headers.EXIT_CODE), "bad-rows replays with " + parallel + " writers");
                importFile(runtime, generated);
                CatalogDump.write(TestWorkspace.catalog(runtime), dir.resolve("dump-" + parallel));
            }
        }
        assertSameFiles(dir.resolve("dump-1"), dir.resolve("dump-3"));
    }

    @Test
    void aZstdCompressedFileGivesTheSameCatalogAsThePlainFile(@TempDir Path dir) throws Exception {
        Path compressed = dir.resolve("spotify_clean.sqlite3.zst");
        Process zstd = new ProcessBuilder("zstd", "-q", "-3", generated.toString(), "-o", compressed.toString())
                .redirectErrorStream(true).start();
        assertEquals(0, zstd.waitFor(), "the zstd CLI compressed the fixture");
        try (LongplayRuntime plain = TestWorkspace.start(dir.resolve("plain"))) {
            importFile(plain, generated);
            CatalogDump.write(TestWorkspace.catalog(plain), dir.resolve("plain-dump"));
        }
        try (LongplayRuntime zst = TestWorkspace.start(dir.resolve("zst"))) {
            Exchange exchange = importFile(zst, compressed);
            assertNull(exchange.getMessage().getHeader(Headers.EXIT_CODE));
            CatalogDump.write(TestWorkspace.catalog(zst), dir.resolve("zst-dump"));
        }
        assertSameFiles(dir.resolve("plain-dump"), dir.resolve("zst-dump"));
        try (Stream<Path> scratch = Files.list(dir.resolve("zst").resolve("tmp"))) {
            assertEquals(0, scratch.count(), "the decompressed copy is removed after the import");
        }
    }

    @Test
    void aSourceThatIsNotSqliteStopsTheImportWithExitCode2AndNamesTheFile(@TempDir Path workspace) throws Exception {
        Path notSqlite = workspace.resolve("notes.sqlite3");
        Files.writeString(notSqlite, "this is a text file, not a database\n".repeat(200));
        try (LongplayRuntime runtime = TestWorkspace.start(workspace.resolve("ws"))) {
            Exchange exchange = importFile(runtime, notSqlite);
            assertEquals(2, exchange.getMessage().getHeader(Headers.EXIT_CODE, Integer.class));
            Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            assertNotNull(caught);
            assertTrue(caught.getMessage().contains(notSqlite.toString()), caught.getMessage());
            assertTrue(caught.getMessage().contains("not a SQLite database"), caught.getMessage());
            assertEquals(0, TestWorkspace.count(TestWorkspace.catalog(runtime), "SELECT COUNT(*) FROM artists"));
        }
    }

    @Test
    void aSourceWithoutATableStopsTheImportAndNamesWhatIsMissing(@TempDir Path workspace) throws Exception {
        Path incomplete = workspace.resolve("incomplete.sqlite3");
        Files.copy(generated, incomplete);
        TestWorkspace.sqlite(incomplete, "DROP TABLE track_artists", "ALTER TABLE tracks DROP COLUMN duration_ms");
        try (LongplayRuntime runtime = TestWorkspace.start(workspace.resolve("ws"))) {
            Exchange exchange = importFile(runtime, incomplete);
            assertEquals(2, exchange.getMessage().getHeader(Headers.EXIT_CODE, Integer.class));
            String message = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage();
            assertTrue(message.contains("table track_artists"), message);
            assertTrue(message.contains("column tracks.duration_ms"), message);
            assertEquals(0, TestWorkspace.count(TestWorkspace.catalog(runtime), "SELECT COUNT(*) FROM tracks"),
                    "nothing is imported from a source that fails the check");
        }
    }

    @Test
    void badRowsAreRejectedWithTheirReasonAndTheRestIsImported(@TempDir Path workspace) throws Exception {
        try (LongplayRuntime runtime = TestWorkspace.start(workspace)) {
            Exchange exchange = runtime.request("direct:replay", Map.of(Headers.REPLAY_CASE,
                    TestWorkspace.fixtureCase("bad-rows").toString(), Headers.REPLAY_UPDATE, false));
            assertNull(exchange.getMessage().getHeader(Headers.EXIT_CODE));
            DataSource catalog = TestWorkspace.catalog(runtime);
            Map<String, String> expectedReasons = Map.of(
                    "artists/2", "name is missing (NOT NULL)",
                    "artists/3", "popularity 101 is outside 0..100",
                    "artists/4", "id 'short-id' is not a 22-character id (8 characters)",
                    "artists/7", "id '0OdUWJ0sBjDrqHygGUXeCF' duplicates source row 1",
                    "tracks/2", "duration_ms -5 is negative",
                    "tracks/3", "album_rowid 42 points at no imported albums row",
                    "track_artists/4", "artist_rowid 7 points at no imported artists row",
                    "track_audio_features/2", "track_id '1111111111111111111111' points at no imported tracks row");
            for (Map.Entry<String, String> entry : expectedReasons.entrySet()) {
                String[] key = entry.getKey().split("/");
                assertEquals(1, TestWorkspace.count(catalog, "SELECT COUNT(*) FROM rejects WHERE source_table = '" + key[0]
                        + "' AND source_rowid = " + key[1] + " AND reason = '" + entry.getValue().replace("'", "''") + "'"),
                        entry.getKey() + " rejected with: " + entry.getValue());
            }
            assertEquals(2, TestWorkspace.count(catalog, "SELECT COUNT(*) FROM tracks"), "the good tracks are imported");
        }
    }

    @Test
    void aRepeatedIdIsRejectedWhenTheSourceLacksItsUniqueIndex(@TempDir Path workspace) throws Exception {
        Path copy = workspace.resolve("no-unique-index.sqlite3");
        Files.copy(generated, copy);
        String index;
        try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + copy);
                var statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tracks'"
                        + " AND sql LIKE '%UNIQUE%'")) {
            index = rs.getString(1);
        }
        TestWorkspace.sqlite(copy, "DROP INDEX " + index, "UPDATE tracks SET id = (SELECT id FROM tracks WHERE rowid = 1) WHERE rowid = 2");
        try (LongplayRuntime runtime = TestWorkspace.start(workspace.resolve("ws"))) {
            importFile(runtime, copy);
            DataSource catalog = TestWorkspace.catalog(runtime);
            assertEquals(List.of("tracks"), TestWorkspace.strings(catalog, "SELECT source_table FROM rejects WHERE source_rowid = 2"
                    + " AND reason LIKE 'id % duplicates source row 1'"));
            assertEquals(0, TestWorkspace.count(catalog, "SELECT COUNT(*) FROM tracks WHERE rowid = 2"));
        }
    }

    @Test
    void anUnexpectedFailureInsideTheImportIsHandledByTheRouteConfiguration(@TempDir Path workspace) throws Exception {
        try (LongplayRuntime runtime = TestWorkspace.start(workspace)) {
            AdviceWith.adviceWith(runtime.context(), "import", route -> {
                route.weaveById("import-metadata").replace().process(e -> {
                    throw new IOException("disk gone");
                });
                route.weaveAddLast().to("mock:after-import");
            });
            MockEndpoint after = runtime.context().getEndpoint("mock:after-import", MockEndpoint.class);
            after.expectedMessageCount(0);
            Exchange exchange = importFile(runtime, generated);
            assertEquals(1, exchange.getMessage().getHeader(Headers.EXIT_CODE, Integer.class));
            assertFalse(exchange.isFailed(), "handled by longplay-errors, not thrown at the caller");
            after.assertIsSatisfied();
        }
    }

    static void assertSameFiles(Path expectedDir, Path actualDir) throws IOException {
        try (Stream<Path> files = Files.list(expectedDir)) {
            for (Path file : files.toList()) {
                assertEquals(Files.readString(file), Files.readString(actualDir.resolve(file.getFileName())), file.getFileName().toString());
            }
        }
    }

    @Test
    void hardening7_aCorruptSourcePageIsBadInputExit2InOneLineAndImportingAGoodCopyRepairsTheCatalogue(@TempDir Path dir) throws Exception {
        Path corrupt = dir.resolve("corrupt.sqlite3");
        Files.copy(generated, corrupt);
        int pageSize = (int) TestWorkspace.sqliteCount(corrupt, "PRAGMA page_size");
        long leaf;
        try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + corrupt);
                var rs = connection.createStatement().executeQuery("SELECT pageno FROM dbstat WHERE name = 'tracks' AND pagetype = 'leaf'"
                        + " ORDER BY pageno LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM dbstat WHERE name = 'tracks' AND pagetype = 'leaf')")) {
            leaf = rs.getLong(1);
        }
        try (var file = java.nio.channels.FileChannel.open(corrupt, java.nio.file.StandardOpenOption.WRITE)) {
            byte[] garbage = new byte[pageSize];
            java.util.Arrays.fill(garbage, (byte) 0xDE);
            file.write(java.nio.ByteBuffer.wrap(garbage), (leaf - 1) * pageSize);
        }
        Path ws = dir.resolve("ws");
        Process process = TestWorkspace.longplayProcess(dir.resolve("out.txt"), dir.resolve("err.txt"),
                "import", "--workspace", ws.toString(), "--metadata", corrupt.toString());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        String err = Files.readString(dir.resolve("err.txt"));
        assertEquals(2, process.exitValue(), "bad input, not a crash: " + err);
        List<String> errors = err.lines().filter(l -> l.contains("ERROR")).toList();
        assertEquals(1, errors.size(), err);
        assertTrue(errors.get(0).contains(corrupt + ": table tracks cannot be read"), err);
        assertTrue(errors.get(0).contains("import a good copy"), "says what to do about the catalogue: " + err);
        assertFalse(err.contains("\tat ") || err.contains("Exception"), "no stack trace: " + err);

        ReplayTest.Run repaired = ReplayTest.cli("import", "--workspace", ws.toString(), "--metadata", generated.toString());
        assertEquals(0, repaired.exitCode(), repaired.stdout());
        try (LongplayRuntime runtime = TestWorkspace.start(ws)) {
            assertEquals(TestWorkspace.sqliteCount(generated, "SELECT COUNT(*) FROM tracks"),
                    TestWorkspace.count(TestWorkspace.catalog(runtime), "SELECT COUNT(*) FROM tracks"));
        }
    }

    @Test
    void hardening7_aZstdSourceThatDecompressesPastTheFreeSpaceIsRefusedWithTheFiguresAndLeavesNothing(@TempDir Path dir) throws Exception {
        Path bomb = dir.resolve("bomb.sqlite3.zst");
        long decompressed = 512L << 20; // 512 MiB of zeros in a few kilobytes; a stream: no size in the frame header
        try (var out = new com.github.luben.zstd.ZstdOutputStream(Files.newOutputStream(bomb), 19)) {
            byte[] zeros = new byte[1 << 20];
            for (long written = 0; written < decompressed; written += zeros.length) {
                out.write(zeros);
            }
        }
        Path ws = Files.createDirectories(dir.resolve("ws"));
        long usable = Files.getFileStore(ws).getUsableSpace();
        // leave the import 64 MiB of the disk: what it may use before it must stop
        String reserve = Long.toString(Math.max(0, usable - (64L << 20)));
        try (LongplayRuntime runtime = TestWorkspace.start(ws, Map.of("longplay.import.free-space-reserve", reserve))) {
            Exchange exchange = importFile(runtime, bomb);
            assertEquals(2, exchange.getMessage().getHeader(Headers.EXIT_CODE, Integer.class));
            String message = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage();
            assertTrue(message.startsWith(bomb + ": decompressing stopped at "), message);
            assertTrue(message.contains("free") && message.contains("longplay.import.free-space-reserve"), message);
            assertEquals(0, TestWorkspace.count(TestWorkspace.catalog(runtime), "SELECT COUNT(*) FROM tracks"));
        }
        try (Stream<Path> scratch = Files.list(ws.resolve("tmp"))) {
            assertEquals(List.of(), scratch.toList(), "the partial decompressed copy is removed");
        }
    }
}
