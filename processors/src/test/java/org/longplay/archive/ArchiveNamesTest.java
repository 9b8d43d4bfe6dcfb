package org.longplay.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.longplay.archive.ArchiveNames.NameInputs;

/** docs/contracts.md §5.3 "Archive file names". */
class ArchiveNamesTest {
    private static final String ALBUM_ID = "4aawyAB9vmqN3uQ7FjRGTy";
    private static final String TRACK_ID = "3n3Ppam7vgaVa1iaRUc9Lp";

    private static NameInputs inputs(int popularity, String artist, String releaseDate, String album,
            int trackNumber, String title) {
        return new NameInputs(popularity, artist, releaseDate, album, ALBUM_ID, trackNumber, title, TRACK_ID);
    }

    private static NameInputs artist(String artist) {
        return inputs(12, artist, "1999-03-01", "Album", 1, "Title");
    }

    private static List<String> components(String name) {
        return List.of(name.split("/", -1));
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void anOrdinaryTrackGetsTheFullExamplePath() {
        String name = ArchiveNames.filename(inputs(37, "Pitbull", "2012-11-16", "Global Warming", 3, "Feel This Moment"));
        assertEquals("track-popularity-37/P/PI/Pitbull/2012 Global Warming (" + ALBUM_ID + ")/03 Pitbull - Feel This Moment.ogg",
                name);
    }

    @Test
    void popularityBelowFiftyIsItsOwnBucketAndFiftyToHundredShareOne() {
        assertEquals("track-popularity-0", ArchiveNames.bucket(0));
        assertEquals("track-popularity-49", ArchiveNames.bucket(49));
        assertEquals("track-popularity-50-to-100", ArchiveNames.bucket(50));
        assertEquals("track-popularity-50-to-100", ArchiveNames.bucket(100));
        assertTrue(ArchiveNames.filename(inputs(100, "A", "2000", "B", 1, "C")).startsWith("track-popularity-50-to-100/"));
        assertTrue(ArchiveNames.filename(inputs(0, "A", "2000", "B", 1, "C")).startsWith("track-popularity-0/"));
    }

    @Test
    void letterFoldersAreTheFirstOneAndTwoCodePointsUpperCased() {
        List<String> c = components(ArchiveNames.filename(artist("radiohead")));
        assertEquals("R", c.get(1));
        assertEquals("RA", c.get(2));
        assertEquals("radiohead", c.get(3), "the artist folder keeps the original case");
    }

    @Test
    void twoCodePointPrefixUpperCasesSharpSToSS() {
        List<String> c = components(ArchiveNames.filename(artist("ßtraße")));
        assertEquals("SS", c.get(1));
        assertEquals("SST", c.get(2));
    }

    @Test
    void upperCasingIgnoresTheDefaultLocaleSoTurkishIsNotSpecialCased() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            List<String> c = components(ArchiveNames.filename(artist("iggy")));
            assertEquals("I", c.get(1), "dotted i upper-cases to plain I under Locale.ROOT, not İ");
            assertEquals("IG", c.get(2));
            List<String> dotless = components(ArchiveNames.filename(artist("ıx")));
            assertEquals("I", dotless.get(1));
            assertEquals("IX", dotless.get(2));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void supplementaryCodePointsAreNeverSplitInTheLetterFolders() {
        String emoji = "\uD83C\uDFB8"; // U+1F3B8 guitar
        List<String> c = components(ArchiveNames.filename(artist(emoji + "band")));
        assertEquals(emoji, c.get(1));
        assertEquals(emoji + "B", c.get(2));
        List<String> two = components(ArchiveNames.filename(artist(emoji + emoji + "x")));
        assertEquals(emoji + emoji, two.get(2));
        String math = "\uD835\uDC9C"; // U+1D49C script capital A, no upper-case mapping
        assertEquals(math, components(ArchiveNames.filename(artist(math + "b"))).get(1));
    }

    @Test
    void aOneCodePointArtistHasTheSameLetterInBothFolders() {
        List<String> c = components(ArchiveNames.filename(artist("x")));
        assertEquals("X", c.get(1));
        assertEquals("X", c.get(2));
    }

    @Test
    void trackNumberIsZeroPaddedToAtLeastTwoDigits() {
        assertTrue(ArchiveNames.filename(inputs(1, "A", "2000", "B", 7, "C")).endsWith("/07 A - C.ogg"));
        assertTrue(ArchiveNames.filename(inputs(1, "A", "2000", "B", 12, "C")).endsWith("/12 A - C.ogg"));
        assertTrue(ArchiveNames.filename(inputs(1, "A", "2000", "B", 123, "C")).endsWith("/123 A - C.ogg"));
    }

    @Test
    void yearIsTheFirstFourCharactersOfTheReleaseDate() {
        assertEquals("1999 Album (" + ALBUM_ID + ")", components(ArchiveNames.filename(artist("A"))).get(4));
        assertEquals("2001 B (" + ALBUM_ID + ")",
                components(ArchiveNames.filename(inputs(1, "A", "2001", "B", 1, "C"))).get(4));
        assertEquals("2001 B (" + ALBUM_ID + ")",
                components(ArchiveNames.filename(inputs(1, "A", "2001-05", "B", 1, "C"))).get(4));
    }

    @Test
    void colonSlashAndBackslashBecomeUnderscores() {
        String name = ArchiveNames.filename(inputs(5, "AC/DC", "1980", "Back: In\\Black", 6, "Hells/Bells:Live\\"));
        List<String> c = components(name);
        assertEquals(6, c.size());
        assertEquals("AC_DC", c.get(3));
        assertEquals("1980 Back_ In_Black (" + ALBUM_ID + ")", c.get(4));
        assertEquals("06 AC_DC - Hells_Bells_Live_.ogg", c.get(5));
    }

    @Test
    void controlCharactersAreRemovedFromEveryComponent() {
        String name = ArchiveNames.filename(inputs(5, "A\u0000b\nc\u007fd\u0085e", "1980", "Al\tbum\r", 6, "Ti\u001btle\u009f"));
        List<String> c = components(name);
        assertEquals("Abcde", c.get(3));
        assertEquals("1980 Album (" + ALBUM_ID + ")", c.get(4));
        assertEquals("06 Abcde - Title.ogg", c.get(5));
        assertTrue(name.codePoints().noneMatch(cp -> Character.getType(cp) == Character.CONTROL));
    }

    @Test
    void hardening8_bidiControlsThatCouldSpoofAListingAreRemovedFromEveryComponent() {
        // right-to-left override: a listing would show "Title.ogg" reversed into something else
        String bidi = "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C";
        String name = ArchiveNames.filename(inputs(5, "Ev" + bidi + "il", "1980", "Al\u202Ebum", 6, "Title\u202Egpj.exe"));
        List<String> c = components(name);
        assertEquals("Evil", c.get(3));
        assertEquals("EV", c.get(2));
        assertEquals("1980 Album (" + ALBUM_ID + ")", c.get(4));
        assertEquals("06 Evil - Titlegpj.exe.ogg", c.get(5));
        assertTrue(name.codePoints().noneMatch(cp -> bidi.indexOf(cp) >= 0), name);
    }

    @Test
    void nonControlFormatCharactersAreKept() {
        // Only Cc goes: a zero-width joiner (Cf) and a no-break space (Zs) are text
        List<String> c = components(ArchiveNames.filename(artist("a\u200Db\u00A0c")));
        assertEquals("a\u200Db\u00A0c", c.get(3));
    }

    @Test
    void aComponentThatBecomesEmptyDotOrDotDotBecomesUnderscore() {
        assertEquals("_", components(ArchiveNames.filename(artist("."))).get(3));
        assertEquals("_", components(ArchiveNames.filename(artist(".."))).get(3));
        assertEquals("_", components(ArchiveNames.filename(artist("\u0000\n"))).get(3));
        List<String> dots = components(ArchiveNames.filename(artist("..")));
        assertEquals("_", dots.get(1), "<A> of '..' is '.'");
        assertEquals("_", dots.get(2), "<AB> of '..' is '..'");
        assertEquals("...", components(ArchiveNames.filename(artist("..."))).get(3), "three dots are an ordinary name");
    }

    @Test
    void anEmptyArtistGivesUnderscoreComponents() {
        for (String empty : new String[] {"", null}) {
            String name = ArchiveNames.filename(inputs(3, empty, "2000", "B", 1, "C"));
            List<String> c = components(name);
            assertEquals(List.of("track-popularity-3", "_", "_", "_", "2000 B (" + ALBUM_ID + ")", "01  - C.ogg"), c);
        }
    }

    @Test
    void hostileValuesCannotEscapeTheArchive() {
        String[] hostile = {"..", ".", "../..", "/etc/passwd", "..\\..\\x", "\u0000..", ".\u0000.", "..\n", "C:\\x",
                "", "/", "//", "a/../../b", "\u2024\u2024", "..\u0085"};
        Path root = Path.of("/srv/workspace/archive");
        for (String a : hostile) {
            for (String b : hostile) {
                NameInputs in = new NameInputs(7, a, b, b, a, 1, b, a);
                for (boolean withId : new boolean[] {false, true}) {
                    String name = ArchiveNames.filename(in, withId);
                    List<String> c = components(name);
                    assertEquals(6, c.size(), name);
                    for (String part : c) {
                        assertFalse(part.isEmpty(), name);
                        assertFalse(part.equals(".") || part.equals(".."), name);
                        assertFalse(part.contains("\\") || part.contains(":"), name);
                    }
                    Path resolved = root.resolve(name).normalize();
                    assertTrue(resolved.startsWith(root), name);
                    assertEquals(root.getNameCount() + 6, resolved.getNameCount(), name);
                }
            }
        }
    }

    @Test
    void longNamesAreCutToTwoHundredFiftyFiveBytesOnACodePointBoundaryKeepingTheSuffixes() {
        String emoji = "\uD83C\uDFB8"; // 4 bytes in UTF-8
        // every offset of a multi-byte character against the limit: 1-, 2-, 3- and 4-byte characters mixed
        for (int shift = 0; shift < 4; shift++) {
            String lead = "x".repeat(shift);
            String artist = lead + "é".repeat(80) + emoji.repeat(40); // > 300 bytes
            String album = lead + emoji.repeat(30) + "€".repeat(60);
            String title = lead + "€".repeat(50) + "é".repeat(100);
            NameInputs in = new NameInputs(60, artist, "2020-01-01", album, ALBUM_ID, 4, title, TRACK_ID);
            for (boolean withId : new boolean[] {false, true}) {
                String name = ArchiveNames.filename(in, withId);
                List<String> c = components(name);
                for (String part : c) {
                    assertTrue(utf8(part) <= 255, part + ": " + utf8(part) + " bytes");
                    assertEquals(part, new String(part.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
                            "a cut inside a character would not survive UTF-8");
                    assertTrue(part.codePoints().noneMatch(cp -> cp == 0xFFFD), "no replacement characters");
                }
                assertTrue(artist.startsWith(c.get(3)));
                assertTrue(utf8(c.get(3)) > 250, "as much as fits is kept: " + utf8(c.get(3)));
                assertTrue(c.get(4).startsWith("2020 " + lead));
                assertTrue(c.get(4).endsWith(" (" + ALBUM_ID + ")"), c.get(4));
                assertTrue(("2020 " + album).startsWith(c.get(4).substring(0, c.get(4).length() - (" (" + ALBUM_ID + ")").length())));
                String fileSuffix = (withId ? " [" + TRACK_ID + "]" : "") + ".ogg";
                assertTrue(c.get(5).endsWith(fileSuffix), c.get(5));
                assertTrue(c.get(5).startsWith("04 " + lead + "é"));
                assertTrue(utf8(c.get(5)) > 250, "as much as fits is kept: " + utf8(c.get(5)));
            }
        }
    }

    @Test
    void aNameThatFitsIsNotTouched() {
        String artist = "é".repeat(127); // 254 bytes: fits as a component
        assertEquals(artist, components(ArchiveNames.filename(artist(artist))).get(3));
        String exact = "a" + "é".repeat(127); // exactly 255 bytes
        assertEquals(exact, components(ArchiveNames.filename(artist(exact))).get(3));
    }

    @Test
    void withTrackIdAddsTheTrackIdBeforeTheExtension() {
        NameInputs in = inputs(37, "Pitbull", "2012-11-16", "Global Warming", 3, "Feel This Moment");
        assertEquals(ArchiveNames.filename(in), ArchiveNames.filename(in, false));
        String with = ArchiveNames.filename(in, true);
        assertEquals("track-popularity-37/P/PI/Pitbull/2012 Global Warming (" + ALBUM_ID + ")/03 Pitbull - Feel This Moment ["
                + TRACK_ID + "].ogg", with);
        String without = ArchiveNames.filename(in);
        assertEquals(without.substring(0, without.lastIndexOf('/')), with.substring(0, with.lastIndexOf('/')),
                "only the file name differs");
    }
}
