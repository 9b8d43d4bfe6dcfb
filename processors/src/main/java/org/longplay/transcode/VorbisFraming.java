package org.longplay.transcode;

import org.longplay.ogg.CorruptOriginalException;
import org.longplay.ogg.OriginalOgg;

/**
 * The whole-stream page walk of {@link OriginalOgg} before anything is decoded: FFmpeg's Ogg demuxer
 * plays a truncated stream, or one with a damaged page, to its end without an error, so without this
 * a cut original would silently become a shorter Opus file. The reason names the byte where the
 * stream breaks.
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
        try {
            OriginalOgg stream = OriginalOgg.inspectStream(data, offset);
            return new Info(stream.channels(), stream.sampleRate(), stream.serial(), stream.lastGranule());
        } catch (CorruptOriginalException e) {
            throw TranscodeException.decode(e.reason(), e.byteOffset(), Double.NaN);
        }
    }
}
