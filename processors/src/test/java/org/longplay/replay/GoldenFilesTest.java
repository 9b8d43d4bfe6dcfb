package org.longplay.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldenFilesTest {

    @Test
    void aDiffListsLinesOnlyInExpectedAndOnlyInActual() {
        String diff = GoldenFiles.diff("t.csv", List.of("h", "1,a", "2,b", "2,b"), List.of("h", "1,a", "2,b", "3,c"));
        assertEquals("--- expected/t.csv\n+++ actual/t.csv\n- 2,b\n+ 3,c\n", diff);
        assertNull(GoldenFiles.diff("t.csv", List.of("h", "1"), List.of("h", "1")));
    }

    @Test
    void missingAndUnexpectedFilesAreReported(@TempDir Path dir) throws Exception {
        Path expected = Files.createDirectories(dir.resolve("expected"));
        Path actual = Files.createDirectories(dir.resolve("actual"));
        Files.writeString(expected.resolve("gone.csv"), "h\n");
        Files.writeString(actual.resolve("new.csv"), "h\n");
        List<String> differences = GoldenFiles.compare(expected, actual);
        assertEquals(2, differences.size());
        assertTrue(differences.get(0).startsWith("gone.csv: expected, but not produced"));
        assertTrue(differences.get(1).startsWith("new.csv: produced, but there is no expected/new.csv"));
    }

    @Test
    void csvFieldsDistinguishNullFromEmptyAndQuoteWhatNeedsIt() {
        assertEquals("", CatalogDump.field(null));
        assertEquals("\"\"", CatalogDump.field(""));
        assertEquals("\"a,b\"", CatalogDump.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CatalogDump.field("say \"hi\""));
        assertEquals("\" padded\"", CatalogDump.field(" padded"));
        assertEquals("東京事変", CatalogDump.field("東京事変"));
        assertEquals("tab\\x09nul\\x00line\\x0Aback\\\\slash", CatalogDump.field("tab\tnul\u0000line\nback\\slash"));
    }
}
