package org.longplay.ogg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VorbisRetaggerTest {
    private static final String VENDOR = "Xiph.Org libVorbis I 20200704 (Reducing Environment)";

    private static byte[] comment(String... comments) {
        return VorbisCommentPacket.build(VENDOR, List.of(comments));
    }

    /** A comment packet of exactly {@code length} bytes. */
    private static byte[] commentOfLength(int length) {
        int overhead = comment("X=").length;
        byte[] packet = comment("X=" + "a".repeat(length - overhead));
        assertEquals(length, packet.length);
        return packet;
    }

    private static byte[] hugeComment() {
        return comment("TITLE=Big", "METADATA_BLOCK_PICTURE=" + "QUJD".repeat(75_000)); // 300 KB, picture-like
    }

    private static void assertAudioUnchanged(OriginalOgg before, OriginalOgg after) {
        assertEquals(before.audioDigest(), after.audioDigest());
        assertEquals(before.audioPageCount(), after.audioPageCount());
        assertEquals(before.lastGranule(), after.lastGranule());
        assertEquals(before.serial(), after.serial());
        assertArrayEquals(before.identificationPacket(), after.identificationPacket());
        assertArrayEquals(before.setupPacket(), after.setupPacket());
    }

    @Test
    void retagWithTheSameCommentReproducesTheOriginalByteForByte() throws Exception {
        // oggenc lays out its headers with libogg's ogg_stream_flush, which the retagger follows
        byte[] plain = OggTestFiles.plain();
        OriginalOgg ogg = OriginalOgg.inspect(plain);
        assertArrayEquals(plain, VorbisRetagger.retag(ogg, ogg.commentPacket()));
        OriginalOgg prefixed = OriginalOgg.inspect(OggTestFiles.prefixed());
        assertArrayEquals(plain, VorbisRetagger.retag(prefixed, prefixed.commentPacket()));
    }

    @Test
    void retagWithAShortCommentKeepsThePageCountAndCopiesTheAudioVerbatim() throws Exception {
        OriginalOgg original = OriginalOgg.inspect(OggTestFiles.prefixed());
        byte[] comment = comment("TITLE=Short", "ARTIST=Someone", "REPLAYGAIN_TRACK_GAIN=-6.50 dB");
        byte[] out = VorbisRetagger.retag(original, comment);
        OriginalOgg retagged = OriginalOgg.inspect(out);
        assertEquals(original.headerPageCount(), retagged.headerPageCount());
        assertArrayEquals(comment, retagged.commentPacket());
        assertEquals(List.of("TITLE=Short", "ARTIST=Someone", "REPLAYGAIN_TRACK_GAIN=-6.50 dB"), retagged.comments());
        byte[] source = OggTestFiles.prefixed();
        assertArrayEquals(Arrays.copyOfRange(source, original.firstAudioOffset(), source.length),
                Arrays.copyOfRange(out, retagged.firstAudioOffset(), out.length));
        assertAudioUnchanged(original, retagged);
    }

    @Test
    void retagWithAHugeCommentAddsHeaderPagesAndShiftsOnlySequenceNumbers() throws Exception {
        byte[] source = OggTestFiles.plain();
        OriginalOgg original = OriginalOgg.inspect(source);
        byte[] out = VorbisRetagger.retag(original, hugeComment());
        OriginalOgg retagged = OriginalOgg.inspect(out); // checks every CRC and sequence number
        int shift = retagged.headerPageCount() - original.headerPageCount();
        assertTrue(shift >= 4, "300 KB needs several 255-segment pages, got shift " + shift);
        assertAudioUnchanged(original, retagged);
        for (int a = original.firstAudioOffset(), b = retagged.firstAudioOffset(); a < source.length; ) {
            int length = OriginalOgg.pageLength(source, a);
            assertEquals(OggPage.readIntLE(source, a + 18) + shift, OggPage.readIntLE(out, b + 18));
            assertArrayEquals(Arrays.copyOfRange(source, a + 26, a + length), Arrays.copyOfRange(out, b + 26, b + length));
            a += length;
            b += length;
        }
    }

    @Test
    void headerPagesFollowOggRulesForGranuleContinuationAndSegmentCount() throws Exception {
        OriginalOgg original = OriginalOgg.inspect(OggTestFiles.plain());
        byte[] headers = VorbisRetagger.headerPages(original, hugeComment());
        List<OggPage> pages = new ArrayList<>();
        for (int pos = 0; pos < headers.length; ) {
            OggPage page = OggPage.parse(headers, pos, "header page");
            assertTrue(page.crcValid());
            pages.add(page);
            pos = page.end();
        }
        assertArrayEquals(Arrays.copyOf(OggTestFiles.plain(), 58), Arrays.copyOf(headers, 58), "identification page");
        for (int i = 1; i < pages.size(); i++) {
            OggPage page = pages.get(i);
            assertEquals(i, page.sequence());
            assertEquals(i == 1 ? 0 : OggPage.CONTINUATION, page.headerType(), "page " + i);
            boolean last = i == pages.size() - 1;
            assertEquals(last ? 0L : OggPage.NO_GRANULE, page.granule(), "page " + i); // no packet ends before the last
            if (!last) {
                assertEquals(255, page.segmentCount());
            }
        }
    }

    @Test
    void packetWhoseLengthIsAMultipleOf255EndsWithAZeroLacingValue() throws Exception {
        OriginalOgg original = OriginalOgg.inspect(OggTestFiles.plain());
        for (int length : new int[] {255 * 4, 255 * 255, 255 * 254 + 100}) {
            byte[] comment = commentOfLength(length);
            byte[] out = VorbisRetagger.retag(original, comment);
            OriginalOgg retagged = OriginalOgg.inspect(out);
            assertArrayEquals(comment, retagged.commentPacket(), "length " + length);
            assertAudioUnchanged(original, retagged);
        }
        // 255 * 255 bytes: page 1 is 255 lacing values of 255, page 2 starts with the terminating 0
        byte[] out = VorbisRetagger.retag(original, commentOfLength(255 * 255));
        OggPage page1 = OggPage.parse(out, 58, "page 1");
        OggPage page2 = OggPage.parse(out, page1.end(), "page 2");
        assertEquals(OggPage.NO_GRANULE, page1.granule());
        assertEquals(255, page1.lacing(254));
        assertTrue(page2.isContinuation());
        assertEquals(0, page2.lacing(0));
        assertEquals(0L, page2.granule());
    }

    @Test
    void invalidCommentPacketIsRefused() throws Exception {
        OriginalOgg original = OriginalOgg.inspect(OggTestFiles.plain());
        assertThrows(IllegalArgumentException.class, () -> VorbisRetagger.retag(original, new byte[] {3, 'v'}));
        byte[] noFraming = comment("A=b");
        noFraming[noFraming.length - 1] = 0;
        assertThrows(IllegalArgumentException.class, () -> VorbisRetagger.retag(original, noFraming));
    }

    @Test
    void retaggedFileDecodesToTheSameAudioInFfmpeg(@TempDir Path dir) throws Exception {
        assumeTrue(OggTestFiles.onPath("ffmpeg"), "ffmpeg not installed");
        byte[] plain = OggTestFiles.plain();
        OriginalOgg original = OriginalOgg.inspect(OggTestFiles.prefixed());
        Files.write(dir.resolve("before.ogg"), plain);
        Files.write(dir.resolve("short.ogg"), VorbisRetagger.retag(original, comment("TITLE=Short")));
        Files.write(dir.resolve("huge.ogg"), VorbisRetagger.retag(original, hugeComment()));
        String before = decodedMd5(dir, "before.ogg");
        assertTrue(before.startsWith("MD5="), before);
        assertEquals(before, decodedMd5(dir, "short.ogg"));
        assertEquals(before, decodedMd5(dir, "huge.ogg"));
    }

    private static String decodedMd5(Path dir, String file) throws Exception {
        return OggTestFiles.run(dir, "ffmpeg", "-v", "error", "-i", file, "-f", "md5", "-").strip();
    }

    @Test
    void retaggedFileListsTheNewCommentsInVorbiscomment(@TempDir Path dir) throws Exception {
        assumeTrue(OggTestFiles.onPath("vorbiscomment"), "vorbiscomment not installed");
        OriginalOgg original = OriginalOgg.inspect(OggTestFiles.prefixed());
        byte[] huge = hugeComment();
        Files.write(dir.resolve("short.ogg"), VorbisRetagger.retag(original, comment("TITLE=Short", "ARTIST=Ünïcødé")));
        Files.write(dir.resolve("huge.ogg"), VorbisRetagger.retag(original, huge));
        assertEquals("TITLE=Short\nARTIST=Ünïcødé\n", OggTestFiles.run(dir, "vorbiscomment", "-l", "-R", "short.ogg"));
        String listed = OggTestFiles.run(dir, "vorbiscomment", "-l", "-R", "huge.ogg");
        assertEquals(String.join("\n", VorbisCommentPacket.comments(huge)) + "\n", listed);
    }
}
