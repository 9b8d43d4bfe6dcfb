package org.longplay.torrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.longplay.torrent.TorrentTestSupport.TRACKER;
import static org.longplay.torrent.TorrentTestSupport.file;
import static org.longplay.torrent.TorrentTestSupport.infoSpan;
import static org.longplay.torrent.TorrentTestSupport.libtorrentInfo;
import static org.longplay.torrent.TorrentTestSupport.libtorrentRecheck;
import static org.longplay.torrent.TorrentTestSupport.mixedFolder;
import static org.longplay.torrent.TorrentTestSupport.run;
import static org.longplay.torrent.TorrentTestSupport.sha1Hex;

import com.dampcake.bencode.Bencode;
import com.dampcake.bencode.Type;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorrentVerifierTest {
    private static final int KIB = 1024;
    private static final Pattern PIECE = Pattern.compile("piece (\\d+) does not match: (.+) bytes (\\d+)\\.\\.(\\d+)");

    @TempDir
    Path tmp;

    private static TorrentOptions v1(long pieceLength) {
        return TorrentOptions.defaults().withPieceLength(pieceLength).withTrackers(List.of(TRACKER));
    }

    private Path write(Torrent t) throws IOException {
        Path out = tmp.resolve("t-" + System.nanoTime() + ".torrent");
        t.writeTo(out);
        return out;
    }

    /** mktorrent's .torrent of {@code data} at 2^log2 bytes per piece. */
    private Path mktorrent(Path data, int log2) throws Exception {
        Path out = tmp.resolve("mktorrent-" + System.nanoTime() + ".torrent");
        var r = run(List.of("mktorrent", "-l", Integer.toString(log2), "-a", TRACKER, "-o", out.toString(), data.toString()));
        assertEquals(0, r.exit(), r.out());
        return out;
    }

    private static void flipByte(Path file, long at) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 0x40);
        }
    }

    private static String describe(TorrentVerifier.Result r) {
        return r.pieces() + " pieces, " + r.piecesChecked() + " checked, " + r.piecesFailed() + " failed: " + r.mismatches();
    }

    /** A folder with many files smaller than a piece, several empty ones, one of exactly a piece and one over several. */
    private Path smallFilesFolder(Path dir, int pieceLength) throws IOException {
        Random sizes = new Random(7);
        for (int i = 0; i < 40; i++) {
            int size = i % 7 == 3 ? 0 : sizes.nextInt(5_000);
            file(dir, String.format("disc %d/%02d.bin", i / 20 + 1, i), size, 100 + i);
        }
        file(dir, "exact-piece.bin", pieceLength, 200);
        file(dir, "over-pieces.bin", 3L * pieceLength + 123, 201);
        file(dir, "zz-empty", 0, 202);
        return dir;
    }

    // ---- data that is right ---------------------------------------------------------------------

    @Test
    void aFolderBuiltByTheBuilderVerifiesOkAsV1AndAsHybridWithPaddingFiles() throws Exception {
        Path data = mixedFolder(tmp.resolve("data"), 32 * KIB);
        file(data, "sizes/piece+1", 32 * KIB + 1, 23);
        file(data, "sizes/few-mb", 2 * KIB * KIB + 7, 24);
        for (TorrentOptions o : List.of(v1(32 * KIB), v1(32 * KIB).withHybrid(true))) {
            Torrent t = new TorrentBuilder(o).build(data);
            if (o.hybrid()) {
                assertTrue(new String(t.bytes(), StandardCharsets.ISO_8859_1).contains("4:attr1:p"), "has padding files");
            }
            TorrentVerifier.Result r = TorrentVerifier.verify(write(t), data);
            assertTrue(r.ok(), describe(r));
            assertEquals(t.btih(), r.btih());
            Torrent.TorrentFile last = t.files().get(t.files().size() - 1);
            assertEquals((last.offset() + last.size() + 32 * KIB - 1) / (32 * KIB), r.pieces());
            assertEquals(r.pieces(), r.piecesChecked());
        }
    }

    @Test
    void aTorrentMadeByMktorrentVerifiesOkAndItsInfoHashIsTheOneComputedFromTheFilesBytes() throws Exception {
        Path data = mixedFolder(tmp.resolve("data"), 256 * KIB);
        file(data, "big/one.bin", 700_001, 30);
        file(data, "big/two.bin", 300_000, 31);
        Path torrent = mktorrent(data, 18);
        TorrentVerifier.Result r = TorrentVerifier.verify(torrent, data);
        assertTrue(r.ok(), describe(r));
        assertEquals(sha1Hex(infoSpan(Files.readAllBytes(torrent))), r.btih());
        assertEquals(libtorrentInfo(torrent)[0], r.btih());
        assertTrue(r.pieces() > 5, "several pieces: " + r.pieces());
    }

    @Test
    void manySmallAndEmptyFilesAcrossPieceBoundariesVerifyOkFromTheBuilderAndFromMktorrent() throws Exception {
        Path data = smallFilesFolder(tmp.resolve("small"), 16 * KIB);
        for (TorrentOptions o : List.of(v1(16 * KIB), v1(16 * KIB).withHybrid(true))) {
            TorrentVerifier.Result r = TorrentVerifier.verify(write(new TorrentBuilder(o).build(data)), data);
            assertTrue(r.ok(), o.hybrid() + ": " + describe(r));
        }
        TorrentVerifier.Result r = TorrentVerifier.verify(mktorrent(data, 15), data);
        assertTrue(r.ok(), describe(r));
    }

    @Test
    void aSingleFileTorrentVerifiesItsFileAndNamesItWhenAByteIsFlipped() throws Exception {
        Path f = file(tmp.resolve("single"), "Track \u00e9.ogg", 200_000, 3);
        Path torrent = mktorrent(f, 15);
        assertTrue(TorrentVerifier.verify(torrent, f).ok());
        flipByte(f, 100_000);
        TorrentVerifier.Result r = TorrentVerifier.verify(torrent, f);
        assertEquals(List.of(new TorrentVerifier.Mismatch("Track \u00e9.ogg", "piece 3 does not match: Track \u00e9.ogg bytes 98304..131071")),
                r.mismatches());
    }

    @Test
    void theResultIsTheSameOnOneThreadAndOnSeveral() throws Exception {
        Path data = smallFilesFolder(tmp.resolve("small"), 16 * KIB);
        file(data, "big.bin", 12L * KIB * KIB, 9);
        byte[] torrent = new TorrentBuilder(v1(16 * KIB)).build(data).bytes();
        flipByte(data.resolve("big.bin"), 5_000_000);
        flipByte(data.resolve("disc 1/05.bin"), 10);
        TorrentVerifier.Result one = TorrentVerifier.verify(torrent, data, 1);
        TorrentVerifier.Result three = TorrentVerifier.verify(torrent, data, 3);
        assertEquals(one, three);
        assertEquals(2, one.piecesFailed(), describe(one));
    }

    // ---- data that is wrong ---------------------------------------------------------------------

    @Test
    void oneFlippedByteIsReportedAsThePieceHoldingItWithThatFilesPathAndByteRangeAndLibtorrentAgrees() throws Exception {
        Path data = mixedFolder(tmp.resolve("data"), 32 * KIB);
        Torrent t = new TorrentBuilder(v1(32 * KIB)).build(data);
        Path torrent = write(t);
        String victim = "a/deeper/\u97f3\u697d \ud83c\udfb5.ogg";
        Torrent.TorrentFile listed = t.files().stream().filter(f -> f.path().equals(victim)).findFirst().orElseThrow();
        long at = 100_000;
        flipByte(data.resolve(victim), at);

        TorrentVerifier.Result r = TorrentVerifier.verify(torrent, data);
        assertFalse(r.ok());
        assertEquals(1, r.piecesFailed());
        assertEquals(1, r.mismatches().size(), describe(r));
        TorrentVerifier.Mismatch m = r.mismatches().get(0);
        assertEquals(victim, m.path());
        Matcher pm = PIECE.matcher(m.reason());
        assertTrue(pm.matches(), m.reason());
        long piece = (listed.offset() + at) / (32 * KIB);
        assertEquals(piece, Long.parseLong(pm.group(1)));
        assertEquals(victim, pm.group(2));
        assertEquals(piece * 32 * KIB - listed.offset(), Long.parseLong(pm.group(3)));
        assertEquals((piece + 1) * 32 * KIB - listed.offset() - 1, Long.parseLong(pm.group(4)));

        String[] check = libtorrentRecheck(torrent, data.getParent());
        assertEquals("False", check[0]);
        assertEquals(r.piecesChecked() - r.piecesFailed(), Integer.parseInt(check[2]), "pieces libtorrent has");
    }

    @Test
    void aFailingPieceOverSeveralSmallFilesNamesEachOfThemWithItsOwnRangeAndNoEmptyFile() throws Exception {
        Path data = smallFilesFolder(tmp.resolve("small"), 16 * KIB);
        Torrent t = new TorrentBuilder(v1(16 * KIB)).build(data);
        String victim = "disc 1/05.bin";
        Torrent.TorrentFile listed = t.files().stream().filter(f -> f.path().equals(victim)).findFirst().orElseThrow();
        flipByte(data.resolve(victim), 1);
        long piece = (listed.offset() + 1) / (16 * KIB);
        long start = piece * 16 * KIB;
        long end = start + 16 * KIB;
        List<TorrentVerifier.Mismatch> expected = new ArrayList<>();
        for (Torrent.TorrentFile f : t.files()) {
            if (f.size() > 0 && f.offset() < end && f.offset() + f.size() > start) {
                long from = Math.max(start, f.offset()) - f.offset();
                long to = Math.min(end, f.offset() + f.size()) - f.offset() - 1;
                expected.add(new TorrentVerifier.Mismatch(f.path(),
                        "piece " + piece + " does not match: " + f.path() + " bytes " + from + ".." + to));
            }
        }
        assertTrue(expected.size() >= 3, "the piece holds several files: " + expected);
        assertTrue(expected.stream().anyMatch(m -> m.path().equals(victim)));
        TorrentVerifier.Result r = TorrentVerifier.verify(write(t), data);
        assertEquals(expected, r.mismatches());
    }

    @Test
    void consecutiveFailingPiecesOfOneFileAreReportedAsOneRange() throws Exception {
        Path data = tmp.resolve("data");
        Path big = file(data, "big.bin", 1_000_000, 1);
        file(data, "small.bin", 1_000, 2);
        Path torrent = write(new TorrentBuilder(v1(32 * KIB)).build(data));
        try (RandomAccessFile raf = new RandomAccessFile(big.toFile(), "rw")) {
            raf.seek(200_000);
            raf.write(new byte[200_000]);
        }
        TorrentVerifier.Result r = TorrentVerifier.verify(torrent, data);
        // bytes 200000..399999 lie in pieces 6 (196608..) to 12 (..425983)
        assertEquals(List.of(new TorrentVerifier.Mismatch("big.bin", "pieces 6..12 do not match: big.bin bytes 196608..425983")),
                r.mismatches());
        assertEquals(7, r.piecesFailed());
    }

    @Test
    void aTruncatedFileAMissingFileAndExtraFilesAreReportedByPathAndTheRestIsStillChecked() throws Exception {
        Path data = tmp.resolve("data");
        file(data, "a.bin", 100_000, 1);
        Path b = file(data, "b.bin", 100_000, 2);
        Path c = file(data, "c.bin", 100_000, 3);
        file(data, "d.bin", 10_000, 4);
        Path torrent = write(new TorrentBuilder(v1(32 * KIB)).build(data));
        try (RandomAccessFile raf = new RandomAccessFile(b.toFile(), "rw")) {
            raf.setLength(50_000);
        }
        Files.delete(c);
        file(data, "new.txt", 10, 5);
        file(data, ".hidden-extra", 10, 6);
        file(data, "sub/deeper/extra.bin", 10, 7);
        Files.createDirectories(data.resolve("empty-folder"));

        TorrentVerifier.Result r = TorrentVerifier.verify(torrent, data);
        assertEquals(List.of(
                new TorrentVerifier.Mismatch("b.bin", "is 50000 bytes, the torrent says 100000"),
                new TorrentVerifier.Mismatch("c.bin", "missing"),
                new TorrentVerifier.Mismatch(".hidden-extra", "not in the torrent"),
                new TorrentVerifier.Mismatch("new.txt", "not in the torrent"),
                new TorrentVerifier.Mismatch("sub/deeper/extra.bin", "not in the torrent"),
                // piece 9 (294912..309999) holds the end of the missing c.bin and all of d.bin
                new TorrentVerifier.Mismatch("d.bin", "piece 9 could not be checked (a missing, short or unreadable file "
                        + "shares it): d.bin bytes 0..9999 not verified")), r.mismatches());
        assertEquals(10, r.pieces());
        // 0..131071 is all there (a.bin and the first 50000 bytes of b.bin end at 150000)
        assertEquals(4, r.piecesChecked());
        assertEquals(0, r.piecesFailed());
        assertFalse(r.ok());
    }

    @Test
    void aListedFileThatIsASymbolicLinkOutOfTheFolderIsReportedAndNotRead() throws Exception {
        Path data = tmp.resolve("data");
        Path inside = file(data, "a.bin", 10_000, 1);
        Path torrent = write(new TorrentBuilder(v1(16 * KIB)).build(data));
        Path outside = Files.copy(inside, tmp.resolve("outside.bin"));
        Files.delete(inside);
        Files.createSymbolicLink(inside, outside);
        TorrentVerifier.Result r = TorrentVerifier.verify(torrent, data);
        assertEquals(List.of(new TorrentVerifier.Mismatch("a.bin", "a symbolic link that leads outside the data folder; not read")),
                r.mismatches());
        assertEquals(0, r.piecesChecked(), "the identical copy outside was not hashed");
    }

    // ---- hostile or odd torrents ----------------------------------------------------------------

    /**
     * A multi-file torrent by hand, keys in the order given (so unsorted on purpose when asked), with the
     * pieces of {@code content} laid end to end.
     */
    private static byte[] handMadeTorrent(String name, int pieceLength, List<Map<String, Object>> files, byte[] content,
                                          boolean infoKeysUnsorted) throws Exception {
        ByteArrayOutputStream pieces = new ByteArrayOutputStream();
        for (int at = 0; at < content.length; at += pieceLength) {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(content, at, Math.min(pieceLength, content.length - at));
            pieces.write(sha1.digest());
        }
        Map<String, Object> info = new LinkedHashMap<>();
        if (infoKeysUnsorted) {
            info.put("piece length", (long) pieceLength);
            info.put("name", name);
            info.put("pieces", pieces.toByteArray());
            info.put("files", files);
        } else {
            info.put("files", files);
            info.put("name", name);
            info.put("piece length", (long) pieceLength);
            info.put("pieces", pieces.toByteArray());
        }
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("announce", TRACKER);
        top.put("info", info);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encode(top, out);
        return out.toByteArray();
    }

    private static Map<String, Object> entry(long length, String... path) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("length", length);
        e.put("path", List.of((Object[]) path));
        return e;
    }

    /** Bencode in the given key order: a test must be able to write what a careless creator writes. */
    private static void encode(Object v, ByteArrayOutputStream out) throws IOException {
        if (v instanceof Long n) {
            out.write(("i" + n + "e").getBytes(StandardCharsets.US_ASCII));
        } else if (v instanceof String s) {
            encode(s.getBytes(StandardCharsets.UTF_8), out);
        } else if (v instanceof byte[] b) {
            out.write((b.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.write(b);
        } else if (v instanceof List<?> l) {
            out.write('l');
            for (Object o : l) {
                encode(o, out);
            }
            out.write('e');
        } else if (v instanceof Map<?, ?> m) {
            out.write('d');
            for (Map.Entry<?, ?> e : m.entrySet()) {
                encode(e.getKey(), out);
                encode(e.getValue(), out);
            }
            out.write('e');
        } else {
            throw new IllegalArgumentException(String.valueOf(v));
        }
    }

    @Test
    void pathsFromTheTorrentThatLeaveTheFolderOrHaveEmptyOrDotComponentsAreRefusedAndNeverRead() throws Exception {
        Path data = tmp.resolve("album");
        byte[] secret = "secret!".getBytes(StandardCharsets.US_ASCII);
        Files.createDirectories(data);
        Files.write(tmp.resolve("outside.bin"), secret);
        Files.write(data.resolve("ok.bin"), secret);
        // each hostile entry would find the same bytes as ok.bin if it were followed, so its piece would match
        List<Map<String, Object>> files = List.of(
                entry(7, "..", "outside.bin"),
                entry(7, tmp.resolve("outside.bin").toString()),
                entry(7, "", "ok.bin"),
                entry(7, ".", "ok.bin"),
                entry(7, "sub", "..", "..", "outside.bin"),
                entry(7, "ok.bin"));
        byte[] content = new byte[7 * files.size()];
        for (int i = 0; i < files.size(); i++) {
            System.arraycopy(secret, 0, content, 7 * i, 7);
        }
        // a piece per file: 16 KiB pieces would put them all in one; 7-byte pieces are legal for a checker
        byte[] torrent = handMadeTorrent("album", 7, files, content, false);

        TorrentVerifier.Result r = TorrentVerifier.verify(torrent, data);
        assertEquals(List.of(
                new TorrentVerifier.Mismatch("../outside.bin", "unsafe path in the torrent (a '..' component); not read"),
                new TorrentVerifier.Mismatch(tmp.resolve("outside.bin").toString(), "unsafe path in the torrent (a '/' inside a component); not read"),
                new TorrentVerifier.Mismatch("/ok.bin", "unsafe path in the torrent (an empty component); not read"),
                new TorrentVerifier.Mismatch("./ok.bin", "unsafe path in the torrent (a '.' component); not read"),
                new TorrentVerifier.Mismatch("sub/../../outside.bin", "unsafe path in the torrent (a '..' component); not read")),
                r.mismatches());
        assertEquals(6, r.pieces());
        assertEquals(1, r.piecesChecked(), "only ok.bin's piece was read");
        assertFalse(r.ok());
    }

    @Test
    void theInfoHashIsTakenFromTheFilesBytesEvenWhenTheInfoDictionaryIsNotCanonical() throws Exception {
        Path data = tmp.resolve("album");
        Files.createDirectories(data);
        byte[] content = new byte[50_000];
        new Random(5).nextBytes(content);
        Files.write(data.resolve("x.bin"), content);
        byte[] torrent = handMadeTorrent("album", 16 * KIB, List.of(entry(50_000, "x.bin")), content, true);
        Path file = tmp.resolve("unsorted.torrent");
        Files.write(file, torrent);

        TorrentVerifier.Result r = TorrentVerifier.verify(file, data);
        assertTrue(r.ok(), describe(r));
        assertEquals(libtorrentInfo(file)[0], r.btih());
        Bencode bencode = new Bencode(StandardCharsets.ISO_8859_1);
        Object info = bencode.decode(torrent, Type.DICTIONARY).get("info");
        assertNotEquals(sha1Hex(bencode.encode((Map<?, ?>) info)), r.btih(), "a re-encoding sorts the keys and changes the hash");
    }

    @Test
    void aMalformedTorrentOrTheWrongKindOfDataIsAnErrorNotAReport() throws Exception {
        Path data = mixedFolder(tmp.resolve("data"), 32 * KIB);
        byte[] torrent = new TorrentBuilder(v1(32 * KIB)).build(data).bytes();
        assertThrows(IOException.class, () -> TorrentVerifier.verify(Arrays.copyOf(torrent, torrent.length - 30), data));
        assertThrows(IOException.class, () -> TorrentVerifier.verify("d4:infoi1ee".getBytes(StandardCharsets.US_ASCII), data));
        assertThrows(NoSuchFileException.class, () -> TorrentVerifier.verify(torrent, tmp.resolve("nowhere")));
        assertThrows(IOException.class, () -> TorrentVerifier.verify(torrent, data.resolve("a-b")));
        byte[] single = new TorrentBuilder(v1(32 * KIB)).build(data.resolve("a-b")).bytes();
        assertThrows(IOException.class, () -> TorrentVerifier.verify(single, data));
    }
}
