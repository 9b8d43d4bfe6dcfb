package org.longplay.ogg;

/**
 * Replaces the comment header of an inspected original without re-encoding, producing a plain
 * Vorbis stream (the Spotify prefix is dropped): the identification page byte for byte, the new
 * comment and the original setup packet laid out as libogg does, every audio page kept
 * ({@link HeaderRewrite} says exactly how).
 */
public final class VorbisRetagger {

    private VorbisRetagger() {
    }

    /** The retagged plain Vorbis file. {@code commentPacket} is a full packet ("\x03vorbis" ... framing bit). */
    public static byte[] retag(OriginalOgg original, byte[] commentPacket) {
        checkCommentPacket(commentPacket);
        return HeaderRewrite.rewrite(layout(original), commentPacket, original.setupPacketShared());
    }

    /** The new header pages: the original identification page, then comment and setup pages. */
    public static byte[] headerPages(OriginalOgg original, byte[] commentPacket) {
        checkCommentPacket(commentPacket);
        return HeaderRewrite.headerPages(layout(original), commentPacket, original.setupPacketShared());
    }

    private static HeaderRewrite.Layout layout(OriginalOgg original) {
        return new HeaderRewrite.Layout(original.file(), original.vorbisOffset(), original.identificationPageLength(),
                original.serial(), original.headerPageCount(), original.firstAudioOffset());
    }

    private static void checkCommentPacket(byte[] commentPacket) {
        try {
            VorbisCommentPacket.parse(commentPacket);
        } catch (CorruptOriginalException e) {
            throw new IllegalArgumentException("not a valid comment packet: " + e.getMessage());
        }
    }
}
