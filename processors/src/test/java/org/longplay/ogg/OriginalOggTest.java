package org.longplay.ogg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.longplay.ogg.OggTestFiles.LENGTH;
import static org.longplay.ogg.OggTestFiles.PAGE_2;
import static org.longplay.ogg.OggTestFiles.PAGE_3;
import static org.longplay.ogg.OggTestFiles.PAGE_4;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OriginalOggTest {
    private static final int P = SpotifyPrefix.LENGTH;

    private static String reason(byte[] file) {
        return assertThrows(CorruptOriginalException.class, () -> OriginalOgg.inspect(file)).getMessage();
    }

    @Test
    void plainFileIsAcceptedWithItsHeadersAndStreamFacts() throws Exception {
        OriginalOgg ogg = OriginalOgg.inspect(OggTestFiles.plain());
        assertFalse(ogg.hasPrefix());
        assertNull(ogg.prefix());
        assertNull(ogg.prefixPacket());
        assertNull(ogg.replayGain());
        assertEquals(0, ogg.vorbisOffset());
        assertEquals(2, ogg.channels());
        assertEquals(44100, ogg.sampleRate());
        assertEquals(2, ogg.headerPageCount());
        assertEquals(3, ogg.audioPageCount());
        assertEquals(PAGE_2, ogg.firstAudioOffset());
        assertEquals(12345, ogg.serial());
        assertEquals(66150, ogg.lastGranule());
        assertEquals(LENGTH, ogg.length());
        assertTrue(ogg.vendor().startsWith("Xiph.Org libVorbis"), ogg.vendor());
        assertEquals(1, ogg.identificationPacket()[0]);
        assertEquals(30, ogg.identificationPacket().length);
        assertEquals(3, ogg.commentPacket()[0]);
        assertEquals(1, ogg.commentPacket()[ogg.commentPacket().length - 1], "framing bit");
        assertEquals(5, ogg.setupPacket()[0]);
        assertEquals(java.util.List.of(), ogg.comments(), "oggenc -Q from a bare WAV writes no comments");
    }

    @Test
    void prefixedFileIsAcceptedWithTheExactGains() throws Exception {
        byte[] file = OggTestFiles.prefixed();
        OriginalOgg ogg = OriginalOgg.inspect(file);
        assertTrue(ogg.hasPrefix());
        assertEquals(OggTestFiles.GAINS, ogg.replayGain());
        assertEquals(P, ogg.vorbisOffset());
        assertEquals(P + PAGE_2, ogg.firstAudioOffset());
        assertArrayEquals(Arrays.copyOf(file, P), ogg.prefix());
        assertEquals(139, ogg.prefixPacket().length);
        assertEquals(OriginalOgg.inspect(OggTestFiles.plain()).audioDigest(), ogg.audioDigest());
    }

    @Test
    void emptyFileIsRejected() {
        assertEquals("empty file", reason(new byte[0]));
    }

    @Test
    void fileThatIsNotOggIsRejected() {
        assertEquals("not an Ogg stream", reason("RIFF....WAVEfmt ".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("not an Ogg stream", reason(new byte[] {'O', 'g'}));
    }

    @Test
    void prefixWithBadCrcIsRejectedBeforeItsGainsAreTrusted() {
        byte[] file = OggTestFiles.prefixed();
        file[SpotifyPrefix.GAINS_OFFSET + 1] ^= 0x10;
        assertEquals("bad CRC on prefix page", reason(file));
    }

    @Test
    void prefixWithWrongHeaderTypeIsRejected() {
        byte[] file = OggTestFiles.prefixed();
        OggTestFiles.setHeaderType(file, 0, 0x02);
        assertEquals("prefix page has header type 0x02, expected BOS|EOS (0x06)", reason(file));
    }

    @Test
    void prefixOfWrongLengthIsRejected() {
        byte[] prefix = SpotifyPrefix.build(OggTestFiles.GAINS, 7);
        byte[] shorter = Arrays.copyOf(prefix, P - 1);
        shorter[27] = (byte) (SpotifyPrefix.BODY_LENGTH - 1);
        OggCrc.seal(shorter, 0, shorter.length);
        assertEquals("prefix page is 166 bytes long, expected 167", reason(OggTestFiles.concat(shorter, OggTestFiles.plain())));
    }

    @Test
    void prefixWithNothingAfterItIsRejected() {
        assertEquals("no Vorbis identification header: the file ends after the prefix page",
                reason(SpotifyPrefix.build(OggTestFiles.GAINS, 7)));
    }

    @Test
    void firstPageThatIsNeitherVorbisNorPrefixIsRejected() {
        byte[] opusHead = "OpusHead\1\2\0\0\u0080\u00bb\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1);
        byte[] page = new byte[28 + opusHead.length];
        System.arraycopy("OggS".getBytes(StandardCharsets.US_ASCII), 0, page, 0, 4);
        page[5] = OggPage.BOS;
        page[26] = 1;
        page[27] = (byte) opusHead.length;
        System.arraycopy(opusHead, 0, page, 28, opusHead.length);
        OggCrc.seal(page, 0, page.length);
        assertEquals("no Vorbis identification header: the first page (byte 0, header type 0x02, 47 bytes) is neither"
                + " Vorbis nor a Spotify prefix", reason(page));
    }

    @ParameterizedTest(name = "cut at {0}")
    @CsvSource({
        // inside the body of the last audio page
        "13000, 'truncated at byte 13000: page 4 at byte 12439 needs 2120 bytes, 561 present'",
        // inside the fixed header of a page
        "8216, 'truncated at byte 8216: page 3 at byte 8206 needs 27 bytes, 10 present'",
        // inside the segment table of a page
        "8240, 'truncated at byte 8240: page 3 at byte 8206 needs 53 bytes, 34 present'",
        // inside the comment/setup header page
        "1000, 'truncated at byte 1000: page 1 at byte 58 needs 3874 bytes, 942 present'",
        // right after a whole page: nothing looks wrong but the end of stream never comes
        "8206, 'truncated at byte 8206: no end-of-stream page (last page is 2)'",
        "3932, 'truncated at byte 3932: no end-of-stream page (last page is 1)'",
    })
    void truncatedFileIsReportedWithTheByteWhereItEnds(int cut, String expected) {
        assertEquals(expected, reason(Arrays.copyOf(OggTestFiles.plain(), cut)));
    }

    @Test
    void truncationOffsetsCountThePrefix() {
        assertEquals("truncated at byte " + (P + 13000) + ": page 4 at byte " + (P + PAGE_4)
                + " needs 2120 bytes, 561 present", reason(Arrays.copyOf(OggTestFiles.prefixed(), P + 13000)));
        assertEquals("truncated at byte 100: first page at byte 0 needs 167 bytes, 100 present",
                reason(Arrays.copyOf(OggTestFiles.prefixed(), 100)));
    }

    @Test
    void corruptedAudioPageIsReportedByItsPageNumberAndByte() {
        byte[] plain = OggTestFiles.plain();
        plain[PAGE_3 + 500] ^= 1;
        assertEquals("bad CRC on page 3 at byte " + PAGE_3, reason(plain));
        byte[] prefixed = OggTestFiles.prefixed();
        prefixed[P + PAGE_3 + 500] ^= 1;
        assertEquals("bad CRC on page 3 at byte " + (P + PAGE_3), reason(prefixed));
    }

    @Test
    void pageSequenceGapIsReported() {
        byte[] file = OggTestFiles.plain();
        OggTestFiles.setSequence(file, PAGE_3, 4);
        assertEquals("page sequence gap at byte 8206: expected page 3, found 4", reason(file));
    }

    @Test
    void streamWithoutEndOfStreamFlagIsReportedAsTruncated() {
        byte[] file = OggTestFiles.plain();
        OggTestFiles.setHeaderType(file, PAGE_4, 0);
        assertEquals("truncated at byte 14559: no end-of-stream page (last page is 4)", reason(file));
    }

    @Test
    void trailingGarbageAfterTheEndOfStreamIsReported() {
        byte[] file = OggTestFiles.concat(OggTestFiles.plain(), new byte[] {0, 0, 0});
        assertEquals("trailing data after the end-of-stream page: 3 bytes at byte 14559", reason(file));
    }

    @Test
    void chainedStreamIsReportedAsASecondLogicalStream() {
        byte[] file = OggTestFiles.concat(OggTestFiles.plain(), OggTestFiles.plain());
        assertEquals("second logical stream at byte 14559 (chained or multiplexed Ogg is not supported)", reason(file));
    }

    @Test
    void interleavedPageOfAnotherStreamIsReportedAsASecondLogicalStream() {
        byte[] file = OggTestFiles.plain();
        OggPage.writeIntLE(file, PAGE_3 + 14, 999);
        OggCrc.seal(file, PAGE_3, PAGE_4 - PAGE_3);
        assertEquals("second logical stream at byte 8206 (chained or multiplexed Ogg is not supported)", reason(file));
    }

    @Test
    void lostPageSyncIsReportedWithItsByte() {
        byte[] file = OggTestFiles.plain();
        file[PAGE_3] = 'X';
        assertEquals("no Ogg page at byte 8206 (page 3): capture pattern missing", reason(file));
    }

    @Test
    void continuationFlagWithoutAnOpenPacketIsReported() {
        byte[] file = OggTestFiles.plain();
        // page 2 ends with a complete packet, so page 3 must not claim to continue one
        OggTestFiles.setHeaderType(file, PAGE_3, OggPage.CONTINUATION);
        assertEquals("page 3 at byte 8206 is flagged as continuing a packet, but no packet is open", reason(file));
    }
}
