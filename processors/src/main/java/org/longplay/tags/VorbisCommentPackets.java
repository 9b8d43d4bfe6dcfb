package org.longplay.tags;

import java.io.UnsupportedEncodingException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jaudiotagger.audio.ogg.OggVorbisCommentTagCreator;
import org.jaudiotagger.tag.vorbiscomment.VorbisCommentCreator;
import org.jaudiotagger.tag.vorbiscomment.VorbisCommentTag;
import org.jaudiotagger.tag.vorbiscomment.VorbisCommentTagField;

/**
 * Comment header packets, encoded by jaudiotagger: the Vorbis comment header
 * ({@code \x03vorbis}, comments, framing bit) and the Opus one ({@code OpusTags}, comments).
 * The Ogg layout around them is the ogg package's business.
 */
public final class VorbisCommentPackets {
    private static final byte[] OPUS_TAGS = {'O', 'p', 'u', 's', 'T', 'a', 'g', 's'};

    private VorbisCommentPackets() {
    }

    /** The whole Vorbis comment header packet. */
    public static byte[] vorbis(String vendor, List<TagField> fields) {
        try {
            return bytes(new OggVorbisCommentTagCreator().convert(tag(vendor, fields)));
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    /** The whole OpusTags packet (RFC 7845 §5.2): magic, then the same comment structure, no framing bit. */
    public static byte[] opus(String vendor, List<TagField> fields) {
        try {
            byte[] comments = bytes(new VorbisCommentCreator().convertMetadata(tag(vendor, fields)));
            byte[] packet = new byte[OPUS_TAGS.length + comments.length];
            System.arraycopy(OPUS_TAGS, 0, packet, 0, OPUS_TAGS.length);
            System.arraycopy(comments, 0, packet, OPUS_TAGS.length, comments.length);
            return packet;
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    private static VorbisCommentTag tag(String vendor, List<TagField> fields) {
        checkRepresentable(fields);
        VorbisCommentTag tag = VorbisCommentTag.createNewTag();
        tag.setVendor(vendor == null ? "" : vendor);
        for (TagField f : fields) {
            tag.addField(new VorbisCommentTagField(f.key(), f.value()));
        }
        return tag;
    }

    /**
     * jaudiotagger keeps fields in a map by key: it writes all comments of one key together, at the first
     * occurrence, and stores the vendor as a field named VENDOR. So a key repeated after another key
     * would be silently moved, and a VENDOR field would replace the vendor. Neither happens with
     * {@link TrackTags}; anything else is refused rather than written in a different order.
     */
    private static void checkRepresentable(List<TagField> fields) {
        Set<String> done = new HashSet<>();
        String previous = null;
        for (TagField f : fields) {
            String key = f.key().toUpperCase(Locale.ROOT);
            if (key.equals("VENDOR")) {
                throw new IllegalArgumentException("a VENDOR comment cannot be written: it would replace the vendor");
            }
            if (!key.equals(previous) && !done.add(key)) {
                throw new IllegalArgumentException("comments of one key must be adjacent to keep their order: " + key);
            }
            previous = key;
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}
