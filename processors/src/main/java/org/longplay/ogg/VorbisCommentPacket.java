package org.longplay.ogg;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Vorbis comment header packet: "\x03vorbis", vendor length (uint32 LE) and UTF-8 vendor,
 * comment count, each comment as length + UTF-8 "NAME=value", then a framing byte with bit 0 set.
 */
public final class VorbisCommentPacket {
    /** Packet type byte plus "vorbis". */
    static final int MAGIC_LENGTH = 7;
    private static final String HEADER = "Vorbis comment header";

    private VorbisCommentPacket() {
    }

    /** A complete comment packet (magic and framing bit included). */
    public static byte[] build(String vendor, List<String> comments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(3);
        out.writeBytes("vorbis".getBytes(StandardCharsets.US_ASCII));
        writeString(out, vendor);
        writeIntLE(out, comments.size());
        for (String comment : comments) {
            writeString(out, comment);
        }
        out.write(1); // framing bit
        return out.toByteArray();
    }

    /** The vendor string of a comment packet. */
    public static String vendor(byte[] packet) throws CorruptOriginalException {
        checkMagic(packet);
        return vendorAt(packet, MAGIC_LENGTH, HEADER);
    }

    /** The "NAME=value" comments of a comment packet, in order. */
    public static List<String> comments(byte[] packet) throws CorruptOriginalException {
        return parse(packet);
    }

    /**
     * Checks the whole packet: every length inside it, and the framing bit libvorbis insists on.
     * Returns the comments.
     */
    static List<String> parse(byte[] packet) throws CorruptOriginalException {
        checkMagic(packet);
        List<String> comments = new ArrayList<>();
        int pos = readComments(packet, MAGIC_LENGTH, HEADER, comments);
        if (pos >= packet.length || (packet[pos] & 1) == 0) {
            throw new CorruptOriginalException("bad " + HEADER + ": framing bit missing");
        }
        return comments;
    }

    /**
     * The comment structure shared by Vorbis and Opus (RFC 7845 §5.2): vendor, count, comments, from
     * {@code start} (after the packet's magic). Adds the comments to {@code into}, every length checked;
     * returns the position after the last comment. {@code header} names the packet in reasons.
     */
    static int readComments(byte[] packet, int start, String header, List<String> into) throws CorruptOriginalException {
        int pos = start;
        pos += 4 + lengthAt(packet, pos, header, "vendor");
        if (pos + 4 > packet.length) {
            throw new CorruptOriginalException("bad " + header + ": comment count runs past the packet");
        }
        long count = OggPage.readIntLE(packet, pos) & 0xFFFFFFFFL;
        pos += 4;
        for (long i = 0; i < count; i++) {
            int length = lengthAt(packet, pos, header, "comment " + i);
            into.add(new String(packet, pos + 4, length, StandardCharsets.UTF_8));
            pos += 4 + length;
        }
        return pos;
    }

    /** The vendor string of the comment structure at {@code start}. */
    static String vendorAt(byte[] packet, int start, String header) throws CorruptOriginalException {
        int length = lengthAt(packet, start, header, "vendor");
        return new String(packet, start + 4, length, StandardCharsets.UTF_8);
    }

    private static void checkMagic(byte[] packet) throws CorruptOriginalException {
        if (!OriginalOgg.startsWithVorbisMagic(packet, 0, packet.length, 3)) {
            throw new CorruptOriginalException("no Vorbis comment header");
        }
    }

    /** The uint32 length at {@code pos}, checked to fit with its data inside the packet. */
    private static int lengthAt(byte[] packet, int pos, String header, String what) throws CorruptOriginalException {
        if (pos + 4 > packet.length) {
            throw new CorruptOriginalException("bad " + header + ": " + what + " runs past the packet");
        }
        long length = OggPage.readIntLE(packet, pos) & 0xFFFFFFFFL;
        if (length > packet.length - pos - 4) {
            throw new CorruptOriginalException("bad " + header + ": " + what + " runs past the packet");
        }
        return (int) length;
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        writeIntLE(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void writeIntLE(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }
}
