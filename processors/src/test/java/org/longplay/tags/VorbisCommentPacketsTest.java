package org.longplay.tags;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.longplay.ogg.VorbisCommentPacket;

/** Comment packets built with jaudiotagger, read back with the ogg package's own parser. */
class VorbisCommentPacketsTest {
    private static final String VENDOR = "Xiph.Org libVorbis I 20150105 (⛄⛄⛄⛄)";

    private static List<TagField> fields() {
        return List.of(new TagField("TITLE", "Caf\u0065\u0301 🎸 naïve"), // decomposed é, emoji, precomposed ï
                new TagField("ARTIST", "First"), new TagField("ARTIST", "Second ß"), new TagField("ALBUM", "日本語"),
                new TagField("COPYRIGHT", "© C"), new TagField("COPYRIGHT", "℗ P"), new TagField("GENRE", "a=b"),
                new TagField("SPOTIFY_TRACK_ID", "3n3Ppam7vgaVa1iaRUc9Lp"));
    }

    private static List<String> strings(List<TagField> fields) {
        return fields.stream().map(TagField::toString).collect(Collectors.toList());
    }

    @Test
    void vorbisPacketParsesBackWithTheVendorAndExactlyTheCommentsInOrder() throws Exception {
        byte[] packet = VorbisCommentPackets.vorbis(VENDOR, fields());
        assertEquals(VENDOR, VorbisCommentPacket.vendor(packet));
        assertEquals(strings(fields()), VorbisCommentPacket.comments(packet));
    }

    @Test
    void vorbisPacketIsByteForByteTheTextbookLayout() {
        byte[] packet = VorbisCommentPackets.vorbis(VENDOR, fields());
        assertArrayEquals(VorbisCommentPacket.build(VENDOR, strings(fields())), packet);
        assertEquals(1, packet[packet.length - 1], "framing bit");
    }

    @Test
    void repeatedAdjacentKeysStaySeparateComments() throws Exception {
        List<TagField> fields = List.of(new TagField("TITLE", "T"), new TagField("ARTIST", "A"), new TagField("ARTIST", "B"),
                new TagField("ARTIST", "A"), new TagField("ALBUM", "L"));
        byte[] packet = VorbisCommentPackets.vorbis("v", fields);
        assertEquals(List.of("TITLE=T", "ARTIST=A", "ARTIST=B", "ARTIST=A", "ALBUM=L"), VorbisCommentPacket.comments(packet));
    }

    @Test
    void aKeyRepeatedAfterAnotherKeyIsRefusedRatherThanReordered() {
        // jaudiotagger groups comments by key; the packet must never come out in another order
        List<TagField> fields = List.of(new TagField("ARTIST", "A"), new TagField("TITLE", "T"), new TagField("ARTIST", "B"));
        assertThrows(IllegalArgumentException.class, () -> VorbisCommentPackets.vorbis("v", fields));
        assertThrows(IllegalArgumentException.class, () -> VorbisCommentPackets.opus("v", fields));
    }

    @Test
    void theTagSetOfATrackIsAlwaysWritableInItsOwnOrder() throws Exception {
        TrackMetadata t = new TrackMetadata(1, "id", "T", 1, 1, "ISRC", 0, "alb", "A", "2001", 1, "upc", "label", "c", "p",
                List.of(new ArtistCredit(1, "X", 0), new ArtistCredit(2, "Y", 1)),
                List.of(new ArtistCredit(1, "X", 0), new ArtistCredit(3, "Z", 1)), List.of("g1", "g2"), List.of());
        List<TagField> tags = TrackTags.vorbis(t, new org.longplay.ogg.ReplayGain(1f, 1f, 1f, 1f), null);
        assertEquals(strings(tags), VorbisCommentPacket.comments(VorbisCommentPackets.vorbis("v", tags)));
        List<TagField> opus = TrackTags.opus(t, new org.longplay.ogg.ReplayGain(1f, 1f, 1f, 1f), null);
        List<String> parsed = readOpus(VorbisCommentPackets.opus("v", opus));
        assertEquals(strings(opus), parsed.subList(1, parsed.size()));
    }

    @Test
    void utf8ValuesRoundTripExactlyWithoutNormalisation() throws Exception {
        String decomposed = "e\u0301"; // not normalised to U+00E9
        String supplementary = "🎸\uD835\uDC9C";
        List<TagField> fields = List.of(new TagField("TITLE", decomposed), new TagField("ALBUM", supplementary));
        byte[] packet = VorbisCommentPackets.vorbis(VENDOR, fields);
        List<String> comments = VorbisCommentPacket.comments(packet);
        assertEquals("TITLE=" + decomposed, comments.get(0));
        assertEquals("ALBUM=" + supplementary, comments.get(1));
        byte[] expected = ("TITLE=" + decomposed).getBytes(StandardCharsets.UTF_8);
        assertEquals(expected.length, lengthOfFirstComment(packet, 7), "length prefix counts UTF-8 bytes");
    }

    @Test
    void aPacketWithoutCommentsHasJustTheVendor() throws Exception {
        byte[] packet = VorbisCommentPackets.vorbis("", List.of());
        assertEquals("", VorbisCommentPacket.vendor(packet));
        assertEquals(List.of(), VorbisCommentPacket.comments(packet));
        assertArrayEquals(VorbisCommentPacket.build("", List.of()), packet);
    }

    @Test
    void opusTagsPacketStartsWithMagicHasTheSameCommentsAndNoFramingByte() throws Exception {
        byte[] opus = VorbisCommentPackets.opus(VENDOR, fields());
        assertEquals("OpusTags", new String(opus, 0, 8, StandardCharsets.US_ASCII));
        // the Vorbis packet is 7 bytes of magic, the same structure, then the framing byte
        byte[] vorbis = VorbisCommentPackets.vorbis(VENDOR, fields());
        byte[] vorbisBody = Arrays.copyOfRange(vorbis, 7, vorbis.length - 1);
        byte[] opusBody = Arrays.copyOfRange(opus, 8, opus.length);
        assertArrayEquals(vorbisBody, opusBody, "OpusTags = magic + vendor + comments, nothing after");
        assertEquals(VENDOR, readOpus(opus).get(0));
        List<String> parsed = readOpus(opus);
        assertEquals(strings(fields()), parsed.subList(1, parsed.size()));
    }

    @Test
    void opusTagsKeepsRepeatedKeysInOrder() {
        List<TagField> fields = List.of(new TagField("TITLE", "T"), new TagField("ARTIST", "A"), new TagField("ARTIST", "B"));
        List<String> parsed = readOpus(VorbisCommentPackets.opus("v", fields));
        assertEquals(List.of("v", "TITLE=T", "ARTIST=A", "ARTIST=B"), parsed);
    }

    @Test
    void aVendorCommentIsRefusedBecauseItWouldReplaceTheVendor() {
        List<TagField> fields = List.of(new TagField("TITLE", "t"), new TagField("VENDOR", "not the vendor"));
        assertThrows(IllegalArgumentException.class, () -> VorbisCommentPackets.vorbis("real vendor", fields));
    }

    /** Vendor then comments of an OpusTags packet, checking every length reaches exactly the end. */
    private static List<String> readOpus(byte[] packet) {
        ByteBuffer b = ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN);
        b.position(8);
        List<String> out = new ArrayList<>();
        out.add(string(b));
        int count = b.getInt();
        for (int i = 0; i < count; i++) {
            out.add(string(b));
        }
        assertEquals(0, b.remaining(), "no framing byte or padding after the comments");
        return out;
    }

    private static String string(ByteBuffer b) {
        byte[] s = new byte[b.getInt()];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static int lengthOfFirstComment(byte[] packet, int magic) {
        ByteBuffer b = ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN);
        int vendor = b.getInt(magic);
        return b.getInt(magic + 4 + vendor + 4);
    }
}
