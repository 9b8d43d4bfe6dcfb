package org.longplay.ogg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OggCrcTest {
    /** The textbook byte-at-a-time CRC the sliced version must agree with. */
    private static int reference(byte[] data, int offset, int length) {
        int crc = 0;
        for (int i = offset; i < offset + length; i++) {
            crc ^= (data[i] & 0xFF) << 24;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
        }
        return crc;
    }

    @Test
    void slicedCrcAgreesWithTheBitwiseDefinitionForEveryLengthAndAlignment() {
        byte[] data = new byte[300];
        new Random(42).nextBytes(data);
        for (int offset = 0; offset < 9; offset++) {
            for (int length = 0; length <= 200; length++) {
                assertEquals(reference(data, offset, length), OggCrc.update(0, data, offset, length),
                        "offset " + offset + ", length " + length);
            }
        }
    }

    @Test
    void everyPageOfARealFileMatchesItsStoredCrc() throws Exception {
        byte[] file = OggTestFiles.plain();
        for (int pos = 0; pos < file.length; pos += OriginalOgg.pageLength(file, pos)) {
            assertEquals(OggCrc.stored(file, pos), OggCrc.ofPage(file, pos, OriginalOgg.pageLength(file, pos)));
        }
    }

    @Test
    void spotifyPrefixIsAValidPageWithTheGainsAtTheirOffsets() throws Exception {
        byte[] prefix = SpotifyPrefix.build(OggTestFiles.GAINS, 99);
        OggPage page = OggPage.parse(prefix, 0, "prefix");
        assertEquals(SpotifyPrefix.LENGTH, page.totalLength());
        assertEquals(SpotifyPrefix.HEADER_TYPE, page.headerType());
        assertEquals(true, page.crcValid());
        assertEquals(OggTestFiles.GAINS, SpotifyPrefix.gains(prefix));
    }
}
