package org.longplay.transcode;

/** The same contract with the libopus inside the bundled FFmpeg ({@code libopus = bundled}). */
class BundledLibopusTranscoderTest extends JavaCvOpusTranscoderTest {
    private final OpusTranscoder bundled = new JavaCvOpusTranscoder("bundled");

    @Override
    OpusTranscoder transcoder() {
        return bundled;
    }
}
