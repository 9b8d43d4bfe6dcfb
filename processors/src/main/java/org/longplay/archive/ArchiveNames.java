package org.longplay.archive;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.longplay.common.Printable;

/**
 * The archive file name of a track (docs/contracts.md §5.3), relative to {@code archive/}:
 * {@code track-popularity-<bucket>/<A>/<AB>/<artist>/<year> <album> (<album_id>)/<NN> <artist> - <title>.ogg}.
 * Every component is built from the raw catalogue values and then sanitised as a whole, so no
 * metadata can name a path outside the archive. Pure functions: no I/O.
 */
public final class ArchiveNames {
    /** Longest component in UTF-8 bytes (the common file-system limit). */
    public static final int MAX_COMPONENT_BYTES = 255;
    private static final String EXTENSION = ".ogg";

    private ArchiveNames() {
    }

    /** The inputs of a name; {@code artist} is the track's first artist in artist order ("" for none). */
    public record NameInputs(int popularity, String artist, String releaseDate, String album, String albumId,
            int trackNumber, String title, String trackId) {
    }

    /** The name without the collision suffix. */
    public static String filename(NameInputs in) {
        return filename(in, false);
    }

    /** The name; {@code withTrackId} adds {@code " [<track_id>]"} before {@code .ogg} (the later of two equal names). */
    public static String filename(NameInputs in, boolean withTrackId) {
        String artist = in.artist() == null ? "" : in.artist();
        String year = firstCodePoints(in.releaseDate() == null ? "" : in.releaseDate(), 4);
        String number = String.format(Locale.ROOT, "%02d", in.trackNumber());
        String fileSuffix = (withTrackId ? " [" + in.trackId() + "]" : "") + EXTENSION;
        return String.join("/",
                component(bucket(in.popularity())),
                component(firstCodePoints(artist, 1).toUpperCase(Locale.ROOT)),
                component(firstCodePoints(artist, 2).toUpperCase(Locale.ROOT)),
                component(artist),
                component(year + " " + nullToEmpty(in.album()), " (" + in.albumId() + ")"),
                component(number + " " + artist + " - " + nullToEmpty(in.title()), fileSuffix));
    }

    /** {@code track-popularity-<0..49>} or {@code track-popularity-50-to-100}. */
    public static String bucket(int popularity) {
        return "track-popularity-" + (popularity >= 50 ? "50-to-100" : Integer.toString(popularity));
    }

    /** A sanitised component made of free text only. */
    static String component(String text) {
        return component(text, "");
    }

    /**
     * A sanitised component: {@code text + suffix} cleaned as a whole, then the free text truncated on
     * a code-point boundary so the component fits {@link #MAX_COMPONENT_BYTES} and the suffix survives.
     */
    static String component(String text, String suffix) {
        String cleanSuffix = sanitise(suffix);
        String cleanText = sanitise(text);
        int room = MAX_COMPONENT_BYTES - utf8Length(cleanSuffix);
        String whole = truncateUtf8(cleanText, room) + cleanSuffix;
        return whole.isEmpty() || whole.equals(".") || whole.equals("..") ? "_" : whole;
    }

    /**
     * {@code :}, {@code /} and {@code \} become {@code _}; control characters (Unicode Cc) and the bidi
     * controls ({@link Printable#isBidiControl}) go; tags keep them: they are the catalogue's text.
     */
    static String sanitise(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp == ':' || cp == '/' || cp == '\\') {
                out.append('_');
            } else if (Character.getType(cp) == Character.SURROGATE) {
                out.append('\uFFFD'); // a lone surrogate has no UTF-8 form: decode it as UTF-8 readers would
            } else if (Character.getType(cp) != Character.CONTROL && !Printable.isBidiControl(cp)) {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    /** The longest prefix of {@code s} whose UTF-8 form has at most {@code maxBytes} bytes, cut between code points. */
    static String truncateUtf8(String s, int maxBytes) {
        if (utf8Length(s) <= maxBytes) {
            return s;
        }
        int bytes = 0;
        int end = 0;
        while (end < s.length()) {
            int cp = s.codePointAt(end);
            int size = utf8Length(cp);
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        return s.substring(0, end);
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static int utf8Length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }

    private static String firstCodePoints(String s, int n) {
        int end = 0;
        for (int i = 0; i < n && end < s.length(); i++) {
            end += Character.charCount(s.codePointAt(end));
        }
        return s.substring(0, end);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
