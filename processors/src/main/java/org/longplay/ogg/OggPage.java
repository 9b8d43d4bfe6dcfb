package org.longplay.ogg;

/**
 * One Ogg page, viewed in place over the file's bytes (nothing is copied). Layout (RFC 3533):
 * "OggS", version, header type, granule (int64 LE), serial, sequence, CRC (uint32 LE each),
 * segment count, segment table, body.
 */
public final class OggPage {
    /** Header type flag: the page continues a packet begun on an earlier page. */
    public static final int CONTINUATION = 0x01;
    /** Header type flag: first page of a logical stream. */
    public static final int BOS = 0x02;
    /** Header type flag: last page of a logical stream. */
    public static final int EOS = 0x04;
    /** Length of the fixed part of a page header, before the segment table. */
    public static final int FIXED_HEADER_LENGTH = 27;
    /** Granule position of a page on which no packet ends. */
    public static final long NO_GRANULE = -1L;

    private final byte[] data;
    private final int offset;
    private final int segmentCount;
    private final int bodyLength;

    private OggPage(byte[] data, int offset, int segmentCount, int bodyLength) {
        this.data = data;
        this.offset = offset;
        this.segmentCount = segmentCount;
        this.bodyLength = bodyLength;
    }

    /**
     * The page at {@code offset}, checked for capture pattern, version and completeness (not CRC:
     * see {@link #crcValid()}). {@code label} names the page in reasons, e.g. "page 12".
     */
    public static OggPage parse(byte[] data, int offset, String label) throws CorruptOriginalException {
        int available = data.length - offset;
        if (available >= 4 && !hasCapturePattern(data, offset)) {
            throw new CorruptOriginalException("no Ogg page at byte " + offset + " (" + label + "): capture pattern missing");
        }
        if (available < FIXED_HEADER_LENGTH) {
            throw truncated(data, offset, label, FIXED_HEADER_LENGTH);
        }
        int version = data[offset + 4] & 0xFF;
        if (version != 0) {
            throw new CorruptOriginalException("unsupported Ogg version " + version + " on " + label + " at byte " + offset);
        }
        int segments = data[offset + 26] & 0xFF;
        int headerLength = FIXED_HEADER_LENGTH + segments;
        if (available < headerLength) {
            throw truncated(data, offset, label, headerLength);
        }
        int body = 0;
        for (int i = offset + FIXED_HEADER_LENGTH, end = offset + headerLength; i < end; i++) {
            body += data[i] & 0xFF;
        }
        if (available < headerLength + body) {
            throw truncated(data, offset, label, headerLength + body);
        }
        return new OggPage(data, offset, segments, body);
    }

    private static CorruptOriginalException truncated(byte[] data, int offset, String label, int needed) {
        return new CorruptOriginalException("truncated at byte " + data.length + ": " + label + " at byte " + offset
                + " needs " + needed + " bytes, " + (data.length - offset) + " present");
    }

    /** Whether {@code data} holds "OggS" at {@code offset} (bounds-checked). */
    public static boolean hasCapturePattern(byte[] data, int offset) {
        return offset >= 0 && data.length - offset >= 4 && data[offset] == 'O' && data[offset + 1] == 'g'
                && data[offset + 2] == 'g' && data[offset + 3] == 'S';
    }

    /** The bytes this page is a view of. */
    public byte[] data() {
        return data;
    }

    /** Offset of the page's first byte ("OggS") in {@link #data()}. */
    public int offset() {
        return offset;
    }

    /** Header type flags: {@link #CONTINUATION}, {@link #BOS}, {@link #EOS}. */
    public int headerType() {
        return data[offset + 5] & 0xFF;
    }

    public boolean isContinuation() {
        return (headerType() & CONTINUATION) != 0;
    }

    public boolean isBos() {
        return (headerType() & BOS) != 0;
    }

    public boolean isEos() {
        return (headerType() & EOS) != 0;
    }

    /** Granule position; {@link #NO_GRANULE} when no packet ends on this page. */
    public long granule() {
        return readIntLE(data, offset + 6) & 0xFFFFFFFFL | (long) readIntLE(data, offset + 10) << 32;
    }

    /** Bitstream serial number. */
    public int serial() {
        return readIntLE(data, offset + 14);
    }

    /** Page sequence number. */
    public int sequence() {
        return readIntLE(data, offset + 18);
    }

    /** Number of lacing values in the segment table. */
    public int segmentCount() {
        return segmentCount;
    }

    /** Lacing value {@code i} (0..255): a value below 255 ends a packet. */
    public int lacing(int i) {
        return data[offset + FIXED_HEADER_LENGTH + i] & 0xFF;
    }

    /** Whether the page's last segment leaves a packet open (continued on the next page). */
    public boolean endsInsidePacket() {
        return segmentCount > 0 && lacing(segmentCount - 1) == 255;
    }

    /** Header length: 27 bytes plus the segment table. */
    public int headerLength() {
        return FIXED_HEADER_LENGTH + segmentCount;
    }

    /** Offset of the body in {@link #data()}. */
    public int bodyOffset() {
        return offset + headerLength();
    }

    public int bodyLength() {
        return bodyLength;
    }

    /** Header plus body. */
    public int totalLength() {
        return headerLength() + bodyLength;
    }

    /** Offset just past this page. */
    public int end() {
        return offset + totalLength();
    }

    /** The CRC stored in the page. */
    public int storedCrc() {
        return OggCrc.stored(data, offset);
    }

    /** Whether the stored CRC matches the page's contents. */
    public boolean crcValid() {
        return OggCrc.ofPage(data, offset, totalLength()) == storedCrc();
    }

    static int readIntLE(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    static void writeIntLE(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) (v >>> 16);
        b[i + 3] = (byte) (v >>> 24);
    }

    @Override
    public String toString() {
        return "OggPage[offset=" + offset + ", type=0x" + Integer.toHexString(headerType()) + ", granule=" + granule()
                + ", serial=" + serial() + ", sequence=" + sequence() + ", segments=" + segmentCount + ", body="
                + bodyLength + "]";
    }
}
