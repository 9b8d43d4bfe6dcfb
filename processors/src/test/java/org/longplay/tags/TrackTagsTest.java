package org.longplay.tags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.longplay.ogg.ReplayGain;

/** docs/contracts.md §5.4 "Tags". */
class TrackTagsTest {
    private static final String TRACK_ID = "3n3Ppam7vgaVa1iaRUc9Lp";
    private static final String ALBUM_ID = "4aawyAB9vmqN3uQ7FjRGTy";

    private static TrackMetadata track(String isrc, String upc, String label, String copyrightC, String copyrightP,
            List<String> genres) {
        return new TrackMetadata(42, TRACK_ID, "Ti\u0000tle\n", 3, 1, isrc, 55, ALBUM_ID, "Al\tbum", "1999-03-01", 12, upc,
                label, copyrightC, copyrightP,
                List.of(new ArtistCredit(9, "First", 0), new ArtistCredit(4, "Sec\u0085ond", 1), new ArtistCredit(2, "Third", null)),
                List.of(new ArtistCredit(9, "First", 0), new ArtistCredit(7, "Album Artist", 1)),
                genres, List.of());
    }

    private static TrackMetadata full() {
        return track("USUM71703861", "00602557512345", "Label\r\n", "© 2017 C", "℗ 2017 P",
                List.of("pop", "rock", "dance pop"));
    }

    private static List<String> strings(List<TagField> tags) {
        return tags.stream().map(TagField::toString).collect(Collectors.toList());
    }

    private static List<String> keys(List<TagField> tags) {
        return tags.stream().map(TagField::key).collect(Collectors.toList());
    }

    private static List<String> common() {
        return List.of("TITLE=Title", "ARTIST=First", "ARTIST=Second", "ARTIST=Third", "ALBUM=Album",
                "ALBUMARTIST=First", "ALBUMARTIST=Album Artist", "TRACKNUMBER=3", "DISCNUMBER=1", "TRACKTOTAL=12",
                "DATE=1999-03-01", "ISRC=USUM71703861", "BARCODE=00602557512345", "LABEL=Label",
                "COPYRIGHT=© 2017 C", "COPYRIGHT=℗ 2017 P", "GENRE=pop", "GENRE=rock", "GENRE=dance pop",
                "URL=https://open.spotify.com/track/" + TRACK_ID, "SPOTIFY_TRACK_ID=" + TRACK_ID,
                "SPOTIFY_ALBUM_ID=" + ALBUM_ID);
    }

    @Test
    void vorbisSetWithoutGainsIsTheCommonSetInContractOrder() {
        assertEquals(common(), strings(TrackTags.vorbis(full(), null, null)));
    }

    @Test
    void vorbisSetWithGainsAppendsTheFourReplayGainCommentsEachFromItsOwnFloat() {
        List<TagField> tags = TrackTags.vorbis(full(), new ReplayGain(-6.5f, 0.987654f, -7.25f, 1.0234567f), null);
        assertEquals(common(), strings(tags.subList(0, common().size())));
        List<String> gains = strings(tags.subList(common().size(), tags.size()));
        // the contract names the four tags but not their relative order: compare as a set
        assertEquals(4, gains.size());
        assertEquals(
                List.of("REPLAYGAIN_ALBUM_GAIN=-7.25 dB", "REPLAYGAIN_ALBUM_PEAK=1.023457", "REPLAYGAIN_TRACK_GAIN=-6.50 dB",
                        "REPLAYGAIN_TRACK_PEAK=0.987654"),
                gains.stream().sorted().collect(Collectors.toList()));
    }

    @Test
    void aPeakIsNeverAGainStringAndEveryValueComesFromItsOwnField() {
        // four distinct values: any copy of one field into another shows
        List<TagField> tags = TrackTags.vorbis(full(), new ReplayGain(1.5f, 0.25f, -2.75f, 0.5f), null);
        assertEquals("+1.50 dB", value(tags, "REPLAYGAIN_TRACK_GAIN"));
        assertEquals("0.250000", value(tags, "REPLAYGAIN_TRACK_PEAK"));
        assertEquals("-2.75 dB", value(tags, "REPLAYGAIN_ALBUM_GAIN"));
        assertEquals("0.500000", value(tags, "REPLAYGAIN_ALBUM_PEAK"));
        for (TagField t : tags) {
            if (t.key().endsWith("_PEAK")) {
                assertFalse(t.value().endsWith("dB"), t.toString());
            }
        }
    }

    @Test
    void replayGainFormatsIgnoreTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY); // decimal comma
            List<TagField> tags = TrackTags.vorbis(full(), new ReplayGain(-6.5f, 0.987654f, 3f, 0.1f), null);
            assertEquals("-6.50 dB", value(tags, "REPLAYGAIN_TRACK_GAIN"));
            assertEquals("0.987654", value(tags, "REPLAYGAIN_TRACK_PEAK"));
            assertEquals("+3.00 dB", value(tags, "REPLAYGAIN_ALBUM_GAIN"));
            assertEquals("0.100000", value(tags, "REPLAYGAIN_ALBUM_PEAK"));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void absentIsrcUpcLabelAndCopyrightsGiveNoComment() {
        List<TagField> tags = TrackTags.vorbis(track(null, null, null, null, null, List.of()), null, null);
        List<String> keys = keys(tags);
        for (String absent : List.of("ISRC", "BARCODE", "LABEL", "COPYRIGHT", "GENRE", "REPLAYGAIN_TRACK_GAIN",
                "METADATA_BLOCK_PICTURE")) {
            assertFalse(keys.contains(absent), absent);
        }
        List<TagField> empty = TrackTags.vorbis(track("", "", "\n", null, "℗ P", List.of()), null, null);
        assertFalse(keys(empty).contains("ISRC"));
        assertFalse(keys(empty).contains("BARCODE"));
        assertFalse(keys(empty).contains("LABEL"), "a value of control characters only is empty");
        assertEquals(List.of("COPYRIGHT=℗ P"),
                strings(empty).stream().filter(s -> s.startsWith("COPYRIGHT=")).collect(Collectors.toList()));
    }

    @Test
    void controlCharactersAreRemovedFromEveryValue() {
        for (TagField t : TrackTags.vorbis(full(), new ReplayGain(1f, 1f, 1f, 1f), null)) {
            assertTrue(t.value().codePoints().noneMatch(cp -> Character.getType(cp) == Character.CONTROL), t.toString());
        }
        assertEquals("abc", TrackTags.withoutControls("a\u0000b\u007f\u0085\u009fc\n\r\t"));
        assertEquals("a\u200Db", TrackTags.withoutControls("a\u200Db"), "format characters (Cf) are not Cc");
    }

    @Test
    void numbersArePlainIntegers() {
        TrackMetadata t = new TrackMetadata(1, TRACK_ID, "T", 7, 2, null, 0, ALBUM_ID, "A", "2001", 123, null, null, null,
                null, List.of(), List.of(), List.of(), List.of());
        List<TagField> tags = TrackTags.vorbis(t, null, null);
        assertEquals("7", value(tags, "TRACKNUMBER"));
        assertEquals("2", value(tags, "DISCNUMBER"));
        assertEquals("123", value(tags, "TRACKTOTAL"));
        assertEquals("2001", value(tags, "DATE"), "DATE is release_date as given");
    }

    @Test
    void genresKeepTheGivenOrderWithoutRepeatsEvenWhenOnlyControlCharactersDiffer() {
        List<TagField> tags = TrackTags.vorbis(track(null, null, null, null, null, List.of("rock\n", "pop", "rock")), null, null);
        assertEquals(List.of("rock", "pop"), values(tags, "GENRE"));
    }

    @Test
    void aTrackWithoutArtistsHasNoArtistComment() {
        TrackMetadata t = new TrackMetadata(1, TRACK_ID, "T", 1, 1, null, 0, ALBUM_ID, "A", "2001", 1, null, null, null,
                null, List.of(), List.of(), List.of(), List.of());
        assertFalse(keys(TrackTags.vorbis(t, null, null)).contains("ARTIST"));
        assertEquals("", t.firstArtist());
    }

    @Test
    void opusSetHasNoReplayGainButR128GainsInsteadAfterTheCommonSet() {
        List<TagField> tags = TrackTags.opus(full(), new ReplayGain(-6.5f, 0.987654f, 5f, 1f), null);
        assertTrue(keys(tags).stream().noneMatch(k -> k.startsWith("REPLAYGAIN_")), keys(tags).toString());
        assertEquals(common(), strings(tags.subList(0, common().size())));
        assertEquals(List.of("R128_TRACK_GAIN=-2944", "R128_ALBUM_GAIN=0"),
                strings(tags.subList(common().size(), tags.size())));
    }

    @Test
    void opusSetWithoutGainsHasNoR128Comments() {
        assertEquals(common(), strings(TrackTags.opus(full(), null, null)));
    }

    @Test
    void r128GainIsRoundedQ78RelativeToMinus23Lufs() {
        assertEquals("-2944", TrackTags.r128(-6.5f)); // round(-11.5 * 256)
        assertEquals("0", TrackTags.r128(5f));
        assertEquals("256", TrackTags.r128(6f));
        assertEquals("-1280", TrackTags.r128(0f));
        assertEquals("-2080", TrackTags.r128(-3.1234f)); // -8.1234 * 256 = -2079.59
    }

    @Test
    void r128GainIsClampedToSixteenBits() {
        assertEquals("32767", TrackTags.r128(200f));
        assertEquals("-32768", TrackTags.r128(-200f));
        assertEquals("32767", TrackTags.r128(Float.MAX_VALUE));
        assertEquals("-32768", TrackTags.r128(-Float.MAX_VALUE));
    }

    @Test
    void notANumberOrInfiniteGainsGiveNoTag() {
        ReplayGain bad = new ReplayGain(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN);
        List<String> vorbis = keys(TrackTags.vorbis(full(), bad, null));
        assertTrue(vorbis.stream().noneMatch(k -> k.startsWith("REPLAYGAIN_")), vorbis.toString());
        List<String> opus = keys(TrackTags.opus(full(), bad, null));
        assertTrue(opus.stream().noneMatch(k -> k.startsWith("R128_")), opus.toString());
        assertNull(TrackTags.gain(Float.NaN));
        assertNull(TrackTags.peak(Float.POSITIVE_INFINITY));
        // a good track gain next to a bad album gain: only the good one
        List<TagField> mixed = TrackTags.opus(full(), new ReplayGain(-6.5f, 1f, Float.NaN, 1f), null);
        assertEquals(List.of("-2944"), values(mixed, "R128_TRACK_GAIN"));
        assertEquals(List.of(), values(mixed, "R128_ALBUM_GAIN"));
    }

    @Test
    void gainAndPeakFormats() {
        assertEquals("-6.50 dB", TrackTags.gain(-6.5f));
        assertEquals("+0.00 dB", TrackTags.gain(0f));
        assertEquals("+12.35 dB", TrackTags.gain(12.345678f));
        assertEquals("0.987654", TrackTags.peak(0.987654f));
        assertEquals("1.000000", TrackTags.peak(1f));
        assertNotEquals(TrackTags.gain(0.5f), TrackTags.peak(0.5f));
    }

    @Test
    void theCoverComesLastAsMetadataBlockPicture() throws Exception {
        byte[] png = CoverPictureTest.image("png", 8, 6);
        CoverPicture cover = CoverPicture.of(png);
        List<TagField> vorbis = TrackTags.vorbis(full(), new ReplayGain(1f, 1f, 1f, 1f), cover);
        assertEquals(new TagField("METADATA_BLOCK_PICTURE", cover.base64Block()), vorbis.get(vorbis.size() - 1));
        List<TagField> opus = TrackTags.opus(full(), new ReplayGain(1f, 1f, 1f, 1f), cover);
        assertEquals("METADATA_BLOCK_PICTURE", opus.get(opus.size() - 1).key());
    }

    private static String value(List<TagField> tags, String key) {
        List<String> values = values(tags, key);
        assertEquals(1, values.size(), key + " in " + tags);
        return values.get(0);
    }

    private static List<String> values(List<TagField> tags, String key) {
        List<String> out = new ArrayList<>();
        for (TagField t : tags) {
            if (t.key().equals(key)) {
                out.add(t.value());
            }
        }
        return out;
    }
}
