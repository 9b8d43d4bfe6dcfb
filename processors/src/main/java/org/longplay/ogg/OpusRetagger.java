package org.longplay.ogg;

/**
 * Replaces the OpusTags packet of an Ogg Opus file: OpusHead page byte for byte, the new tags
 * laid out as libogg does (ending their page, as RFC 7845 requires), every audio page kept
 * ({@link HeaderRewrite} says exactly how). FFmpeg joins repeated keys and jaudiotagger cannot
 * write Opus, hence this.
 */
public final class OpusRetagger {
    private OpusRetagger() {
    }

    /** The retagged file; {@code tagsPacket} is a whole OpusTags packet ("OpusTags", vendor, comments). */
    public static byte[] retag(OggOpus opus, byte[] tagsPacket) {
        if (tagsPacket.length < 16 || tagsPacket[0] != 'O' || tagsPacket[4] != 'T') {
            throw new IllegalArgumentException("not an OpusTags packet");
        }
        return HeaderRewrite.rewrite(opus.layout(), tagsPacket);
    }
}
