package org.longplay.torrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.longplay.torrent.TorrentTestSupport.TRACKER;
import static org.longplay.torrent.TorrentTestSupport.file;
import static org.longplay.torrent.TorrentTestSupport.infoSpan;
import static org.longplay.torrent.TorrentTestSupport.libtorrentInfo;
import static org.longplay.torrent.TorrentTestSupport.libtorrentRecheck;
import static org.longplay.torrent.TorrentTestSupport.mixedFolder;
import static org.longplay.torrent.TorrentTestSupport.mktorrentBtih;
import static org.longplay.torrent.TorrentTestSupport.sha1Hex;
import static org.longplay.torrent.TorrentTestSupport.sha256Hex;
import static org.longplay.torrent.TorrentTestSupport.topKeys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorrentBuilderTest {
    private static final int KIB = 1024;

    @TempDir
    Path tmp;

    private static TorrentOptions v1(long pieceLength) {
        return TorrentOptions.defaults().withPieceLength(pieceLength).withTrackers(List.of(TRACKER));
    }

    private static TorrentOptions hybrid(long pieceLength) {
        return v1(pieceLength).withHybrid(true);
    }

    private Path write(Torrent t) throws IOException {
        Path out = tmp.resolve("out-" + System.nanoTime() + ".torrent");
        t.writeTo(out);
        return out;
    }

    @Test
    void v1InfoHashOfAMixedFolderEqualsMktorrentsAtTwoPieceLengths() throws Exception {
        Path data = mixedFolder(tmp.resolve("data"), 64 * KIB);
        for (int log2 : new int[] {15, 16}) {
            Torrent t = new TorrentBuilder(v1(1L << log2)).build(data);
            assertEquals(mktorrentBtih(data, log2, tmp), t.btih(), "piece length 2^" + log2);
        }
    }

    @Test
    void v1InfoHashOfASingleFileEqualsMktorrents() throws Exception {
        Path f = file(tmp.resolve("single"), "Track \u00e9 01.ogg", 200_000, 42);
        Torrent t = new TorrentBuilder(v1(32 * KIB)).build(f);
        assertEquals(mktorrentBtih(f, 15, tmp), t.btih());
        assertEquals(1, t.files().size());
        assertEquals(200_000, t.dataSize());
    }

    @Test
    void v1InfoHashOfAFewMegabytesEqualsMktorrentsWithManyChunks() throws Exception {
        Path data = tmp.resolve("big");
        file(data, "one.bin", 5 * KIB * KIB + 12_345, 1);
        file(data, "two.bin", 3 * KIB * KIB, 2);
        file(data, "sub/three.bin", 777_777, 3);
        Torrent t = new TorrentBuilder(v1(32 * KIB).withHashThreads(2)).build(data);
        assertEquals(mktorrentBtih(data, 15, tmp), t.btih());
    }

    @Test
    void v1InfoDictionaryHoldsOnlyNamePieceLengthPiecesAndFiles() throws Exception {
        Path data = mixedFolder(tmp.resolve("data"), 32 * KIB);
        Torrent t = new TorrentBuilder(v1(32 * KIB)).build(data);
        assertEquals(List.of("files", "name", "piece length", "pieces"), topKeys(infoSpan(t.bytes())));
        Torrent single = new TorrentBuilder(v1(32 * KIB)).build(data.resolve("a/z"));
        assertEquals(List.of("length", "name", "piece length", "pieces"), topKeys(infoSpan(single.bytes())));
    }

    @Test
    void v1FilesAreOrderedByTheBytesOfTheirSlashSeparatedPathWithDotFilesAndEmptyFilesIncluded() throws Exception {
        Path data = mixedFolder(tmp.resolve("data"), 32 * KIB);
        Torrent t = new TorrentBuilder(v1(32 * KIB)).build(data);
        List<String> paths = t.files().stream().map(Torrent.TorrentFile::path).toList();
        assertEquals(List.of(".dotdir/inside", ".hidden", "01 - Caf\u00e9.ogg", "02 - Cafe\u0301.ogg", "Z-upper", "a-b",
                "a/deeper/\u97f3\u697d \ud83c\udfb5.ogg", "a/z", "b/x:y.txt", "empty.txt", "exact.bin"), paths);
        long offset = 0;
        for (Torrent.TorrentFile f : t.files()) {
            assertEquals(offset, f.offset(), f.path());
            offset += f.size();
        }
        assertEquals(offset, t.dataSize());
    }

    @Test
    void libtorrentLoadsAV1TorrentWithOurInfoHashAndRechecksItToOneHundredPercent() throws Exception {
        Path data = mixedFolder(tmp.resolve("data"), 32 * KIB);
        Torrent t = new TorrentBuilder(v1(32 * KIB)).build(data);
        Path file = write(t);
        String[] info = libtorrentInfo(file);
        assertEquals(t.btih(), info[0]);
        assertEquals("none", info[1]);
        assertEquals(11, Integer.parseInt(info[2]));
        assertEquals(t.dataSize(), Long.parseLong(info[3]));
        String[] check = libtorrentRecheck(file, data.getParent());
        assertEquals("True", check[0], String.join(" ", check));
    }

    @Test
    void hybridLoadsInLibtorrentWithOurV1AndV2InfoHashesAndRechecksToOneHundredPercent() throws Exception {
        Path data = mixedFolder(tmp.resolve("data"), 64 * KIB);
        // sizes around block and piece boundaries: one block, a partial block, exactly a piece, a piece and a byte
        file(data, "sizes/block", 16 * KIB, 20);
        file(data, "sizes/block-1", 16 * KIB - 1, 21);
        file(data, "sizes/piece", 32 * KIB, 22);
        file(data, "sizes/piece+1", 32 * KIB + 1, 23);
        file(data, "sizes/three-pieces-and-a-bit", 3 * 32 * KIB + 5_000, 24);
        file(data, "sizes/zz-few-mb", 3 * KIB * KIB + 7, 25);
        Torrent t = new TorrentBuilder(hybrid(32 * KIB)).build(data);
        assertTrue(t.isHybrid());
        Path file = write(t);
        String[] info = libtorrentInfo(file);
        assertEquals(t.btih(), info[0]);
        assertEquals(t.btmh(), info[1]);
        assertEquals(sha256Hex(infoSpan(t.bytes())), t.btmh());
        Torrent.TorrentFile last = t.files().get(t.files().size() - 1);
        assertEquals(last.offset() + last.size(), Long.parseLong(info[3]), "v1 size, padding included");
        String[] check = libtorrentRecheck(file, data.getParent());
        assertEquals("True", check[0], String.join(" ", check));
    }

    @Test
    void hybridInfoHashesEqualThoseOfTheTorrentLibtorrentCreatesForTheSameFolder() throws Exception {
        Path data = mixedFolder(tmp.resolve("data"), 32 * KIB);
        file(data, "sizes/piece+1", 32 * KIB + 1, 23);
        file(data, "sizes/zz-few-mb", 2 * KIB * KIB + 7, 25);
        file(data, "zz-trailing-empty", 0, 26);
        for (int pieceLength : new int[] {16 * KIB, 64 * KIB}) {
            Torrent t = new TorrentBuilder(hybrid(pieceLength)).build(data);
            String[] theirs = TorrentTestSupport.libtorrentCreate(data, pieceLength);
            assertEquals(theirs[0], t.btih(), "v1 at " + pieceLength);
            assertEquals(theirs[1], t.btmh(), "v2 at " + pieceLength);
        }
    }

    @Test
    void hybridOfASingleFileLoadsAndRechecks() throws Exception {
        Path f = file(tmp.resolve("single"), "long track.ogg", 300_000, 5);
        Torrent t = new TorrentBuilder(hybrid(64 * KIB)).build(f);
        Path file = write(t);
        String[] info = libtorrentInfo(file);
        assertEquals(t.btih(), info[0]);
        assertEquals(t.btmh(), info[1]);
        assertEquals("True", libtorrentRecheck(file, f.getParent())[0]);
    }

    @Test
    void hybridFilesStartOnPieceBoundariesInTheV1View() throws Exception {
        Path data = mixedFolder(tmp.resolve("data"), 32 * KIB);
        Torrent t = new TorrentBuilder(hybrid(32 * KIB)).build(data);
        for (Torrent.TorrentFile f : t.files()) {
            if (f.size() > 0) {
                assertEquals(0, f.offset() % (32 * KIB), f.path());
            }
        }
        String text = new String(t.bytes(), StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("4:attr1:p"));
        assertTrue(text.contains("4:.pad"));
        assertTrue(text.contains("12:meta versioni2e"));
        assertTrue(text.contains("12:piece layers"));
    }

    @Test
    void aRecheckFailsWhenOneByteOfTheDataIsFlipped() throws Exception {
        Path data = tmp.resolve("data");
        Path victim = file(data, "a.bin", 200_000, 1);
        file(data, "b.bin", 100_000, 2);
        Torrent t = new TorrentBuilder(hybrid(32 * KIB)).build(data);
        Path file = write(t);
        byte[] bytes = Files.readAllBytes(victim);
        bytes[150_000] ^= 1;
        Files.write(victim, bytes);
        assertEquals("False", libtorrentRecheck(file, data.getParent())[0]);
    }

    @Test
    void buildingTwiceGivesIdenticalBytes() throws Exception {
        Path data = mixedFolder(tmp.resolve("data"), 32 * KIB);
        for (TorrentOptions o : List.of(v1(32 * KIB), hybrid(32 * KIB), v1(0), hybrid(0).withHashThreads(1))) {
            byte[] first = new TorrentBuilder(o).build(data).bytes();
            byte[] second = new TorrentBuilder(o.withHashThreads(3)).build(data).bytes();
            assertArrayEquals(first, second, o.toString());
        }
    }

    @Test
    void trackersAndWebSeedsAreWrittenAndNoCreationDateByDefault() throws Exception {
        Path data = mixedFolder(tmp.resolve("data"), 32 * KIB);
        TorrentOptions o = TorrentOptions.defaults().withPieceLength(32 * KIB)
                .withTrackers(List.of("http://one.example/announce", "udp://two.example:6969/announce"))
                .withWebSeeds(List.of("https://seed.example/files/"));
        Torrent t = new TorrentBuilder(o).build(data);
        assertEquals(List.of("announce", "announce-list", "created by", "info", "url-list"), topKeys(t.bytes()));
        String text = new String(t.bytes(), StandardCharsets.UTF_8);
        assertTrue(text.contains("8:announce27:http://one.example/announce"));
        assertTrue(text.contains("13:announce-listll27:http://one.example/announceel31:udp://two.example:6969/announceee"));
        assertTrue(text.contains("8:url-listl27:https://seed.example/files/e"));
        assertFalse(text.contains("creation date"));
        assertEquals(t.btih(), sha1Hex(infoSpan(t.bytes())));
        assertNull(t.btmh());
    }

    @Test
    void aConfiguredCreationDateIsWrittenOutsideTheInfoDictionary() throws Exception {
        Path data = mixedFolder(tmp.resolve("data"), 32 * KIB);
        Torrent plain = new TorrentBuilder(v1(32 * KIB)).build(data);
        Torrent dated = new TorrentBuilder(v1(32 * KIB).withCreationDate(Instant.ofEpochSecond(1_700_000_000))).build(data);
        assertTrue(new String(dated.bytes(), StandardCharsets.UTF_8).contains("13:creation datei1700000000e"));
        assertEquals(plain.btih(), dated.btih());
    }

    @Test
    void automaticPieceLengthIsAPowerOfTwoBetween256KiBAnd16MiBAimingAt1500To3000Pieces() {
        assertEquals(256 * KIB, TorrentBuilder.automaticPieceLength(1));
        assertEquals(256 * KIB, TorrentBuilder.automaticPieceLength(100L * KIB * KIB));
        assertEquals(16L * KIB * KIB, TorrentBuilder.automaticPieceLength(1L << 40));
        for (long total = 400L << 20; total < (23L << 30); total = total * 3 / 2) {
            long p = TorrentBuilder.automaticPieceLength(total);
            assertEquals(1, Long.bitCount(p));
            long pieces = (total + p - 1) / p;
            assertTrue(pieces >= 1500 && pieces <= 3000, total + " bytes -> " + pieces + " pieces of " + p);
        }
    }

    @Test
    void anAutomaticPieceLengthIsUsedWhenNoneIsConfigured() throws Exception {
        Path f = file(tmp.resolve("s"), "f.bin", 1000, 1);
        assertEquals(256 * KIB, new TorrentBuilder(TorrentOptions.defaults()).build(f).pieceLength());
    }

    @Test
    void aSymbolicLinkPointingOutsideTheFolderIsRefused() throws Exception {
        Path data = tmp.resolve("data");
        file(data, "real.bin", 1000, 1);
        Path outside = file(tmp, "outside.bin", 10, 2);
        Files.createSymbolicLink(data.resolve("link.bin"), outside);
        IOException e = assertThrows(IOException.class, () -> new TorrentBuilder(v1(32 * KIB)).build(data));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
    }

    @Test
    void aSymbolicLinkToAFileInsideTheFolderIsTakenAsThatFilesContentAsMktorrentDoes() throws Exception {
        Path data = tmp.resolve("data");
        file(data, "real.bin", 50_000, 1);
        Files.createSymbolicLink(data.resolve("link.bin"), Path.of("real.bin"));
        Torrent t = new TorrentBuilder(v1(32 * KIB)).build(data);
        assertEquals(100_000, t.dataSize());
        assertEquals(mktorrentBtih(data, 15, tmp), t.btih());
    }

    @Test
    void aFolderGivenThroughASymbolicLinkIsWalkedAndNamedAfterTheLink() throws Exception {
        Path data = mixedFolder(tmp.resolve("data"), 32 * KIB);
        Path link = Files.createSymbolicLink(tmp.resolve("linked"), data);
        Torrent viaLink = new TorrentBuilder(v1(32 * KIB)).build(link);
        assertEquals("linked", viaLink.name());
        assertEquals(11, viaLink.files().size());
        assertEquals(mktorrentBtih(link, 15, tmp), viaLink.btih());
    }

    @Test
    void aFolderWithOnlyEmptyFilesIsRefused() throws Exception {
        Path data = tmp.resolve("data");
        file(data, "empty", 0, 1);
        assertThrows(IOException.class, () -> new TorrentBuilder(v1(32 * KIB)).build(data));
    }

    @Test
    void aPieceLengthThatIsNotAPowerOfTwoOfAtLeast16KiBIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> v1(3 * 16 * KIB));
        assertThrows(IllegalArgumentException.class, () -> v1(8 * KIB));
    }

    @Test
    void changingOneByteOfTheDataChangesTheInfoHash() throws Exception {
        Path data = tmp.resolve("data");
        Path f = file(data, "a.bin", 1000, 1);
        String before = new TorrentBuilder(v1(32 * KIB)).build(data).btih();
        Files.write(f, new byte[] {1}, StandardOpenOption.APPEND);
        assertFalse(before.equals(new TorrentBuilder(v1(32 * KIB)).build(data).btih()));
    }
}
