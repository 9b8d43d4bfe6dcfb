package org.longplay.transcode;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract for the default, in-process transcoder with the operating system's libopus ({@code libopus =
 * system}: this fails where the machine has no libopus0, which .ci/run installs with ffmpeg).
 */
class JavaCvOpusTranscoderTest extends OpusTranscoderContract {
    private final OpusTranscoder transcoder = new JavaCvOpusTranscoder("system");

    @Override
    OpusTranscoder transcoder() {
        return transcoder;
    }

    @Override
    void assertDecodePosition(TranscodeException e, int damagedPageOffset) {
        // the packet's byte position (its page or the page where it began) and the audio time decoded so far
        long at = e.byteOffset().orElseThrow(() -> new AssertionError("no byte offset: " + e.getMessage()));
        assertTrue(at >= damagedPageOffset - 5000 && at <= damagedPageOffset + 5000, e.getMessage());
        double s = e.seconds().orElseThrow(() -> new AssertionError("no time: " + e.getMessage()));
        assertTrue(s > 0.3 && s < 3.0, e.getMessage());
    }
}
