package org.longplay.ogg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Spotify's raw file layout puts one complete 167-byte Ogg page (header type BOS|EOS, its own
 * serial, one non-Vorbis packet) before the Vorbis stream. Bytes 144..159 of the file hold four
 * little-endian float32: track gain (dB), track peak, album gain (dB), album peak.
 */
public final class SpotifyPrefix {
    /** Length of the prefix page, header included. */
    public static final int LENGTH = 167;
    /** File offset of the first replay-gain float. */
    public static final int GAINS_OFFSET = 144;
    /** Header type of the prefix page: beginning and end of its own logical stream. */
    public static final int HEADER_TYPE = 0x06;
    static final int HEADER_LENGTH = 28; // 27 fixed bytes + a one-entry segment table
    static final int BODY_LENGTH = LENGTH - HEADER_LENGTH;

    private SpotifyPrefix() {
    }

    /** The gains stored in a prefix page (no validation: see the inspector for that). */
    public static ReplayGain gains(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file, GAINS_OFFSET, 16).order(ByteOrder.LITTLE_ENDIAN);
        return new ReplayGain(b.getFloat(), b.getFloat(), b.getFloat(), b.getFloat());
    }

    /**
     * A valid prefix page with these gains and serial, for synthetic originals: a marker text, then
     * the gains at their file offsets, zeros elsewhere.
     */
    public static byte[] build(ReplayGain gains, int serial) {
        byte[] page = new byte[LENGTH];
        ByteBuffer b = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN);
        b.put("OggS".getBytes(StandardCharsets.US_ASCII));
        b.put((byte) 0); // version
        b.put((byte) HEADER_TYPE);
        b.putLong(0L); // granule position
        b.putInt(serial);
        b.putInt(0); // page sequence number
        b.putInt(0); // CRC, sealed below
        b.put((byte) 1); // one segment
        b.put((byte) BODY_LENGTH);
        b.put("longplay synthetic prefix".getBytes(StandardCharsets.US_ASCII));
        b.position(GAINS_OFFSET);
        b.putFloat(gains.trackGain()).putFloat(gains.trackPeak()).putFloat(gains.albumGain()).putFloat(gains.albumPeak());
        OggCrc.seal(page, 0, LENGTH);
        return page;
    }
}
