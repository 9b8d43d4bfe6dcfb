package org.longplay.transcode;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A track that could not be transcoded. {@link #kind()} tells a bad input ({@link Kind#DECODE}: the
 * original is corrupt, so the track gets {@code error_corrupt_original}) from a failing encoder or
 * muxer ({@link Kind#ENCODE}). A decode error carries where it happened: the byte offset in the
 * input array (so a position in the original file when the caller passes the file as held) and/or the audio
 * position in seconds; both are part of the message.
 */
public final class TranscodeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What failed. */
    public enum Kind {
        /** The input is not a decodable, complete Ogg Vorbis stream. */
        DECODE,
        /** The encoder, the resampler, the muxer or the external tool failed. */
        ENCODE
    }

    private final Kind kind;
    private final String reason;
    private final long byteOffset;
    private final double seconds;

    private TranscodeException(Kind kind, String reason, long byteOffset, double seconds, Throwable cause) {
        super(message(kind, reason, byteOffset, seconds), cause);
        this.kind = kind;
        this.reason = reason;
        this.byteOffset = byteOffset;
        this.seconds = seconds;
    }

    /**
     * A decode error at byte {@code byteOffset} (−1 when unknown) and audio position {@code seconds}
     * (NaN when unknown).
     */
    public static TranscodeException decode(String reason, long byteOffset, double seconds) {
        return new TranscodeException(Kind.DECODE, reason, byteOffset, seconds, null);
    }

    /** An encoder (or muxer, or tool) failure. */
    public static TranscodeException encode(String reason) {
        return new TranscodeException(Kind.ENCODE, reason, -1, Double.NaN, null);
    }

    /** An encoder failure caused by {@code cause}. */
    public static TranscodeException encode(String reason, Throwable cause) {
        return new TranscodeException(Kind.ENCODE, reason, -1, Double.NaN, cause);
    }

    private static String message(Kind kind, String reason, long byteOffset, double seconds) {
        StringBuilder b = new StringBuilder(kind == Kind.DECODE ? "decode error" : "encoder failure");
        if (byteOffset >= 0 || !Double.isNaN(seconds)) {
            b.append(" at");
            if (byteOffset >= 0) {
                b.append(" byte ").append(byteOffset);
            }
            if (!Double.isNaN(seconds)) {
                b.append(byteOffset >= 0 ? " (" : " ").append(String.format(Locale.ROOT, "%.3f s", seconds))
                        .append(byteOffset >= 0 ? ")" : "");
            }
        }
        return b.append(": ").append(reason).toString();
    }

    public Kind kind() {
        return kind;
    }

    /** The reason alone, without the position. */
    public String reason() {
        return reason;
    }

    /** Byte offset of the error in the input stream, when known. */
    public OptionalLong byteOffset() {
        return byteOffset >= 0 ? OptionalLong.of(byteOffset) : OptionalLong.empty();
    }

    /** Audio position of the error in seconds, when known. */
    public OptionalDouble seconds() {
        return Double.isNaN(seconds) ? OptionalDouble.empty() : OptionalDouble.of(seconds);
    }
}
