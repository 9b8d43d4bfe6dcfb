package org.longplay.transcode;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Re-encodes an original's plain Ogg Vorbis stream as Ogg Opus (docs/contracts.md §4, §5.4): libopus, VBR, at the
 * planned bitrate, 48 kHz. Implementations are thread-safe: one instance serves every worker.
 */
public interface OpusTranscoder {
    /** The sample rate of every output: Opus' native rate, so libopus never resamples inside. */
    int OPUS_RATE = 48_000;

    /**
     * Decodes the plain Ogg Vorbis stream in {@code vorbis[offset, vorbis.length)} (Spotify prefix already
     * skipped by the caller) and encodes Ogg Opus, libopus, VBR at {@code kbit} kbit/s, 48 kHz, into
     * {@code out} (a temporary path the caller renames). Tags are not the transcoder's business (the
     * caller rewrites OpusTags afterwards), so it writes none beyond what the muxer must.
     *
     * <p>On any failure the partial output is deleted before the exception leaves.
     *
     * @throws TranscodeException when the input cannot be decoded (with the position) or the encoder fails
     *     (with its reason)
     */
    OpusResult transcode(byte[] vorbis, int offset, int kbit, Path out) throws TranscodeException, IOException;

    /** A short name for logs and reports, e.g. {@code javacv} or {@code ffmpeg-cli}. */
    String name();
}
