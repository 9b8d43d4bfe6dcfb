package org.longplay.transcode;

import org.longplay.ogg.CorruptOriginalException;
import org.longplay.ogg.OggPage;

/**
 * A fast walk over the pages of the input stream before anything is decoded: FFmpeg's Ogg demuxer
 * plays a truncated stream, or one with a damaged page, to its end without an error, so without this a
 * cut original would silently become a shorter Opus file. Checks capture pattern, completeness, CRC and
 * serial of every page and that the stream ends with its end-of-stream page; the position of a failure
 * is the byte offset in the array and the audio time of the last intact page's granule.
 */
final class VorbisFraming {
    /** Channels and sample rate from the identification header, the stream serial, the last granule position. */
    record Info(int channels, long sampleRate, int serial, long lastGranule) {
        /**
         * The serial for the Opus output: the original's, folded into 1..2^31-1 (the range of FFmpeg's
         * {@code serial_offset}; opusinfo remarks on serial 0). Deterministic, and as distinct between
         * files as the originals' serials.
         */
        int outputSerial() {
            int s = serial & 0x7FFF_FFFF;
            return s == 0 ? 1 : s;
        }
    }

    private VorbisFraming() {
    }

    static Info check(byte[] data, int offset) throws TranscodeException {
        if (offset < 0 || offset >= data.length) {
            throw TranscodeException.decode("no Vorbis stream: offset " + offset + " of a " + data.length + "-byte input", offset, Double.NaN);
        }
        int pos = offset;
        int channels = 0;
        long rate = 0;
        long granule = 0;
        int serial = 0;
        for (int page = 0; ; page++) {
            OggPage p;
            try {
                p = OggPage.parse(data, pos, "page " + page);
            } catch (CorruptOriginalException e) {
                throw TranscodeException.decode(e.reason(), pos, seconds(granule, rate));
            }
            if (!p.crcValid()) {
                throw TranscodeException.decode("bad CRC on page " + page + " at byte " + pos, pos, seconds(granule, rate));
            }
            if (page == 0) {
                int body = p.bodyOffset();
                if (!p.isBos() || p.bodyLength() < 30 || data[body] != 1 || data[body + 1] != 'v' || data[body + 2] != 'o'
                        || data[body + 3] != 'r' || data[body + 4] != 'b' || data[body + 5] != 'i' || data[body + 6] != 's') {
                    throw TranscodeException.decode("no Vorbis identification header at byte " + pos, pos, Double.NaN);
                }
                channels = data[body + 11] & 0xFF;
                rate = (data[body + 12] & 0xFFL) | (data[body + 13] & 0xFFL) << 8 | (data[body + 14] & 0xFFL) << 16
                        | (data[body + 15] & 0xFFL) << 24;
                serial = p.serial();
                if (channels == 0 || rate == 0) {
                    throw TranscodeException.decode("Vorbis identification header with " + channels + " channels at " + rate + " Hz",
                            pos, Double.NaN);
                }
            } else if (p.serial() != serial) {
                throw TranscodeException.decode("page " + page + " at byte " + pos + " belongs to another stream (serial "
                        + Integer.toUnsignedString(p.serial()) + ")", pos, seconds(granule, rate));
            }
            if (p.granule() != OggPage.NO_GRANULE) {
                granule = p.granule();
            }
            pos = p.end();
            if (p.isEos()) {
                return new Info(channels, rate, serial, granule);
            }
            if (pos >= data.length) {
                throw TranscodeException.decode("truncated at byte " + data.length + ": the stream ends without its end-of-stream page (after page "
                        + page + ")", data.length, seconds(granule, rate));
            }
        }
    }

    private static double seconds(long granule, long rate) {
        return rate > 0 ? granule / (double) rate : Double.NaN;
    }
}
