package org.longplay.tags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Code-point order and artist order (docs/contracts.md §5.3). */
class CodePointOrderTest {
    private static final String FULLWIDTH_A = "\uFF21";
    private static final String GUITAR = "\uD83C\uDFB8"; // U+1F3B8

    @Test
    void supplementaryCharactersSortAfterHighBmpCharactersUnlikeStringCompareTo() {
        assertTrue(CodePointOrder.INSTANCE.compare(GUITAR, FULLWIDTH_A) > 0);
        assertTrue(CodePointOrder.INSTANCE.compare(FULLWIDTH_A, GUITAR) < 0);
        assertTrue(GUITAR.compareTo(FULLWIDTH_A) < 0, "UTF-16 order differs: that is why the comparator exists");
        assertTrue(CodePointOrder.INSTANCE.compare("x" + GUITAR, "x\uFFFD") > 0);
    }

    @Test
    void aPrefixSortsFirstAndEqualStringsCompareEqual() {
        assertTrue(CodePointOrder.INSTANCE.compare("ab", "abc") < 0);
        assertTrue(CodePointOrder.INSTANCE.compare(GUITAR, GUITAR + "a") < 0);
        assertTrue(CodePointOrder.INSTANCE.compare("abc", "ab") > 0);
        assertEquals(0, CodePointOrder.INSTANCE.compare("a" + GUITAR, "a" + GUITAR));
        assertEquals(0, CodePointOrder.INSTANCE.compare("", ""));
        assertTrue(CodePointOrder.INSTANCE.compare("", "a") < 0);
    }

    @Test
    void orderIsByCodePointNotCaseOrLocale() {
        List<String> sorted = new ArrayList<>(List.of("b", GUITAR, "B", "é", FULLWIDTH_A, "a", "Z"));
        sorted.sort(CodePointOrder.INSTANCE);
        assertEquals(List.of("B", "Z", "a", "b", "é", FULLWIDTH_A, GUITAR), sorted);
    }

    @Test
    void artistsOrderByIndexInAlbumWithNullsLastThenNameThenRowid() {
        ArtistCredit noIndexZ = new ArtistCredit(1, "Z", null);
        ArtistCredit noIndexA = new ArtistCredit(2, "A", null);
        ArtistCredit second = new ArtistCredit(3, "Aaa", 1);
        ArtistCredit first = new ArtistCredit(4, "Zzz", 0);
        ArtistCredit sameNameHighRowid = new ArtistCredit(9, "Same", 2);
        ArtistCredit sameNameLowRowid = new ArtistCredit(5, "Same", 2);
        ArtistCredit guitarNoIndex = new ArtistCredit(6, GUITAR, null);
        ArtistCredit fullwidthNoIndex = new ArtistCredit(7, FULLWIDTH_A, null);
        List<ArtistCredit> list = new ArrayList<>(List.of(noIndexZ, guitarNoIndex, sameNameHighRowid, noIndexA, second,
                fullwidthNoIndex, first, sameNameLowRowid));
        list.sort(ArtistCredit.ORDER);
        assertEquals(List.of(first, second, sameNameLowRowid, sameNameHighRowid, noIndexA, noIndexZ, fullwidthNoIndex,
                guitarNoIndex), list);
    }

    @Test
    void indexInAlbumComparesNumericallyNotAsText() {
        List<ArtistCredit> list = new ArrayList<>(List.of(new ArtistCredit(1, "a", 10), new ArtistCredit(2, "b", 9)));
        list.sort(ArtistCredit.ORDER);
        assertEquals(9, list.get(0).indexInAlbum());
    }
}
