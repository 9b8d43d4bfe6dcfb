package org.longplay.tags;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.longplay.ogg.ReplayGain;

/**
 * The tag set of docs/contracts.md §5.4, built from the catalogue, in a fixed order so that the same catalogue
 * gives the same bytes. Values are the metadata text with control characters (Unicode Cc) removed;
 * an absent or empty value gives no comment. Repeated keys are separate comments, never joined.
 */
public final class TrackTags {
    private TrackTags() {
    }

    /** Tags for a Vorbis file: the common set, replay gain where the original had it, the cover. */
    public static List<TagField> vorbis(TrackMetadata track, ReplayGain gains, CoverPicture cover) {
        List<TagField> tags = common(track);
        if (gains != null) {
            add(tags, "REPLAYGAIN_TRACK_GAIN", gain(gains.trackGain()));
            add(tags, "REPLAYGAIN_TRACK_PEAK", peak(gains.trackPeak()));
            add(tags, "REPLAYGAIN_ALBUM_GAIN", gain(gains.albumGain()));
            add(tags, "REPLAYGAIN_ALBUM_PEAK", peak(gains.albumPeak()));
        }
        addCover(tags, cover);
        return tags;
    }

    /**
     * Tags for an Opus file: the common set and, instead of REPLAYGAIN_* (RFC 7845 forbids them),
     * R128 gains relative to −23 LUFS (Q7.8); the cover.
     */
    public static List<TagField> opus(TrackMetadata track, ReplayGain gains, CoverPicture cover) {
        List<TagField> tags = common(track);
        if (gains != null) {
            add(tags, "R128_TRACK_GAIN", r128(gains.trackGain()));
            add(tags, "R128_ALBUM_GAIN", r128(gains.albumGain()));
        }
        addCover(tags, cover);
        return tags;
    }

    private static List<TagField> common(TrackMetadata t) {
        List<TagField> tags = new ArrayList<>();
        add(tags, "TITLE", t.title());
        t.artists().forEach(a -> add(tags, "ARTIST", a.name()));
        add(tags, "ALBUM", t.album());
        t.albumArtists().forEach(a -> add(tags, "ALBUMARTIST", a.name()));
        add(tags, "TRACKNUMBER", Integer.toString(t.trackNumber()));
        add(tags, "DISCNUMBER", Integer.toString(t.discNumber()));
        add(tags, "TRACKTOTAL", Integer.toString(t.totalTracks()));
        add(tags, "DATE", t.releaseDate());
        add(tags, "ISRC", t.isrc());
        add(tags, "BARCODE", t.upc());
        add(tags, "LABEL", t.label());
        add(tags, "COPYRIGHT", t.copyrightC());
        add(tags, "COPYRIGHT", t.copyrightP());
        // "without repeats" holds for the values written: genres that differ only by control characters
        // become one after cleaning, so repeats are dropped here, on the cleaned text.
        Set<String> genres = new HashSet<>();
        t.genres().stream().filter(g -> g != null && genres.add(withoutControls(g))).forEach(g -> add(tags, "GENRE", g));
        add(tags, "URL", "https://open.spotify.com/track/" + t.trackId());
        add(tags, "SPOTIFY_TRACK_ID", t.trackId());
        add(tags, "SPOTIFY_ALBUM_ID", t.albumId());
        return tags;
    }

    private static void addCover(List<TagField> tags, CoverPicture cover) {
        if (cover != null) {
            tags.add(new TagField("METADATA_BLOCK_PICTURE", cover.base64Block()));
        }
    }

    /** {@code %+.2f dB}, e.g. {@code -6.50 dB}; nothing for a value that is not a number. */
    static String gain(float db) {
        return Float.isFinite(db) ? String.format(Locale.ROOT, "%+.2f dB", db) : null;
    }

    /** {@code %.6f}; nothing for a value that is not a number. */
    static String peak(float peak) {
        return Float.isFinite(peak) ? String.format(Locale.ROOT, "%.6f", peak) : null;
    }

    /** round((gain − 5) × 256): ReplayGain's reference is −18 LUFS, R128's −23, so 5 dB less; Q7.8, clamped to 16 bits. */
    static String r128(float db) {
        if (!Float.isFinite(db)) {
            return null;
        }
        long q = Math.round(((double) db - 5.0) * 256.0);
        return Long.toString(Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, q)));
    }

    private static void add(List<TagField> tags, String key, String raw) {
        if (raw == null) {
            return;
        }
        String value = withoutControls(raw);
        if (!value.isEmpty()) {
            tags.add(new TagField(key, value));
        }
    }

    /** The text with Unicode Cc characters removed. */
    public static String withoutControls(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.getType(c) == Character.CONTROL) {
                if (out == null) {
                    out = new StringBuilder(s.length()).append(s, 0, i);
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }
}
