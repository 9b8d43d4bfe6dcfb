package org.longplay.transcode;

/**
 * What a transcoder wrote: the output's channel count (1 or 2), its length in samples at 48 kHz (without
 * the encoder's pre-skip), and that length in seconds.
 */
public record OpusResult(int channels, long samples48k, double seconds) {
    /** A result for {@code samples48k} samples at 48 kHz. */
    public static OpusResult of(int channels, long samples48k) {
        return new OpusResult(channels, samples48k, samples48k / (double) OpusTranscoder.OPUS_RATE);
    }
}
