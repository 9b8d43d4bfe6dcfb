package org.longplay.transcode;

/** The contract for the in-process transcoder with the libopus inside the bundled FFmpeg ({@code libopus = bundled}). */
class BundledLibopusTranscoderTest extends OpusTranscoderContract {
    private final OpusTranscoder transcoder = new JavaCvOpusTranscoder("bundled");

    @Override
    OpusTranscoder transcoder() {
        return transcoder;
    }

    @Override
    void assertDecodePosition(TranscodeException e, int damagedPageOffset) {
        JavaCvOpusTranscoderTest.assertPacketPosition(e, damagedPageOffset);
    }
}
