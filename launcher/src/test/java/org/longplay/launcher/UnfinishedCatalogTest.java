package org.longplay.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A catalogue whose creation a kill -9 interrupted (found by RunKillTest's import kill point). */
class UnfinishedCatalogTest {

    @Test
    void aCatalogueKilledBeforeHsqldbWroteItsScriptIsSetAsideAndCreatedAfreshAndARealOneIsNeverTouched(@TempDir Path dir) throws Exception {
        Path ws = dir.resolve("ws");
        Path catalog = Files.createDirectories(ws.resolve("catalog"));
        // what HSQLDB leaves when killed between writing its properties and its script
        Files.writeString(catalog.resolve("longplay.properties"), "#HSQL Database Engine 2.7.4\nversion=2.7.4\nmodified=no\n");
        Files.writeString(catalog.resolve("longplay.lck"), "");
        try (LongplayRuntime runtime = TestWorkspace.start(ws)) {
            assertEquals(0, TestWorkspace.count(TestWorkspace.catalog(runtime), "SELECT COUNT(*) FROM tracks"));
        }
        assertTrue(Files.exists(catalog.resolve("longplay.script")), "a new catalogue");
        List<Path> aside = unfinished(catalog);
        assertEquals(1, aside.size(), "the unfinished files moved aside");
        assertTrue(Files.exists(aside.get(0).resolve("longplay.properties")));

        try (LongplayRuntime runtime = TestWorkspace.start(ws)) {
            assertEquals(0, TestWorkspace.count(TestWorkspace.catalog(runtime), "SELECT COUNT(*) FROM tracks"));
        }
        assertEquals(1, unfinished(catalog).size(), "a finished catalogue is left alone");
        assertFalse(Files.exists(aside.get(0).resolve("longplay.script")));
    }

    private static List<Path> unfinished(Path catalog) throws Exception {
        try (Stream<Path> list = Files.list(catalog)) {
            return list.filter(p -> p.getFileName().toString().startsWith("unfinished-")).toList();
        }
    }
}
