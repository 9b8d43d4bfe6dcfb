package org.longplay.ogg;

/**
 * The Ogg page checksum: CRC-32 with polynomial 0x04C11DB7, initial value 0, no bit reflection and
 * no final XOR, computed over the whole page with its 4 CRC bytes (22..25) taken as zero.
 */
public final class OggCrc {
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int bit = 0; bit < 8; bit++) {
                r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
            }
            TABLE[i] = r;
        }
    }

    private OggCrc() {
    }

    /** The CRC of the page {@code page[offset, offset + length)}, treating bytes 22..25 of it as zero. */
    public static int ofPage(byte[] page, int offset, int length) {
        int crc = 0;
        for (int i = 0; i < length; i++) {
            int b = (i >= 22 && i < 26) ? 0 : page[offset + i] & 0xFF;
            crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ b) & 0xFF];
        }
        return crc;
    }

    /** Computes the CRC of the page at {@code offset} and stores it little-endian in bytes 22..25. */
    public static void seal(byte[] page, int offset, int length) {
        int crc = ofPage(page, offset, length);
        page[offset + 22] = (byte) crc;
        page[offset + 23] = (byte) (crc >>> 8);
        page[offset + 24] = (byte) (crc >>> 16);
        page[offset + 25] = (byte) (crc >>> 24);
    }

    /** The CRC stored in bytes 22..25 of the page at {@code offset}. */
    public static int stored(byte[] page, int offset) {
        return (page[offset + 22] & 0xFF) | (page[offset + 23] & 0xFF) << 8
                | (page[offset + 24] & 0xFF) << 16 | (page[offset + 25] & 0xFF) << 24;
    }
}
