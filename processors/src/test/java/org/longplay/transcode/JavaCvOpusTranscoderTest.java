package org.longplay.transcode;

/** The contract for the default, in-process transcoder. */
class JavaCvOpusTranscoderTest extends OpusTranscoderContract {
    private final OpusTranscoder transcoder = new JavaCvOpusTranscoder();

    @Override
    OpusTranscoder transcoder() {
        return transcoder;
    }
}
