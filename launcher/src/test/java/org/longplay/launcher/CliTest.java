package org.longplay.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.longplay.launcher.ReplayTest.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as operators use it: exit codes, config overrides, reports on stdout. */
class CliTest {

    @Test
    void badUsageExitsWith2() {
        assertEquals(2, cli("import").exitCode(), "--metadata is required");
        assertEquals(2, cli("no-such-command").exitCode());
        assertEquals(2, cli("replay", "/no/such/case").exitCode());
        assertEquals(2, cli("fixtures", "--tracks", "0", "--out", "/tmp/never").exitCode());
        assertEquals(2, cli("fixtures", "--tracks", "5", "--out", "/tmp/never", "--audio-seconds", "-1").exitCode());
        assertEquals(2, cli("fixtures", "--tracks", "5", "--out", "/tmp/never", "--audio-variants", "-1").exitCode());
        assertEquals(2, cli("fixtures", "--tracks", "5", "--out", "/tmp/never", "--zero-popularity-share", "0.9").exitCode());
    }

    @Test
    void fixturesTakeTheShareOfPopularityZeroTracksFromTheCommandLine(@TempDir Path dir) throws Exception {
        ReplayTest.Run run = cli("fixtures", "--tracks", "1000", "--out", dir.resolve("fx").toString(), "--audio-seconds", "0",
                "--zero-popularity-share", "0.2", "--workspace", dir.resolve("ws").toString());
        assertEquals(0, run.exitCode(), run.stdout());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("fx/spotify_clean.sqlite3"));
                java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT avg(popularity = 0) FROM tracks")) {
            rs.next();
            assertEquals(0.2, rs.getDouble(1), 0.05, "share of popularity-0 tracks");
        }
    }

    @Test
    void aSetOverrideWinsOverTheConfigFile(@TempDir Path dir) {
        Path elsewhere = dir.resolve("elsewhere/catalog");
        ReplayTest.Run run = cli("status", "--workspace", dir.resolve("ws").toString(),
                "--set", "longplay.catalog.url=jdbc:hsqldb:file:" + elsewhere);
        assertEquals(0, run.exitCode(), run.stdout());
        assertTrue(Files.exists(dir.resolve("elsewhere/catalog.properties")), "the catalog went where --set said");
        assertFalse(Files.exists(dir.resolve("ws/catalog")), "and not to the default place");
    }

    @Test
    void aConfigFileOverridesTheDefaultsAndAMissingOneIsBadConfig(@TempDir Path dir) throws Exception {
        Path extra = dir.resolve("site.properties");
        Files.writeString(extra, "longplay.catalog.url = jdbc:hsqldb:file:" + dir.resolve("site/catalog") + "\n");
        assertEquals(0, cli("status", "--workspace", dir.resolve("ws").toString(), "--config", extra.toString()).exitCode());
        assertTrue(Files.exists(dir.resolve("site/catalog.properties")));
        assertEquals(2, cli("status", "--workspace", dir.resolve("ws").toString(), "--config", dir.resolve("missing.properties").toString()).exitCode());
    }

    @Test
    void fixturesThenImportThenStatusPrintTheirReportsOnStdout(@TempDir Path dir) {
        String workspace = dir.resolve("ws").toString();
        ReplayTest.Run fixtures = cli("fixtures", "--tracks", "500", "--out", dir.resolve("fx").toString(),
                "--audio-seconds", "0", "--workspace", workspace);
        assertEquals(0, fixtures.exitCode(), fixtures.stdout());
        ReplayTest.Run imported = cli("import", "--workspace", workspace, "--metadata", dir.resolve("fx/spotify_clean.sqlite3").toString());
        assertEquals(0, imported.exitCode(), imported.stdout());
        assertTrue(imported.stdout().matches("(?s).*imported \\d+ rows in [0-9.]+ s: \\d+ rows/s, 0 rejected.*"), imported.stdout());
        ReplayTest.Run status = cli("status", "--workspace", workspace);
        assertEquals(0, status.exitCode());
        assertTrue(status.stdout().matches("(?s).*\\n  tracks +500\\n.*"), status.stdout());
        assertFalse(Files.exists(dir.resolve("fx/originals")), "--audio-seconds 0: metadata only");
    }

    @Test
    void fixturesWithAudioWriteOriginalsCoversAndTheirManifests(@TempDir Path dir) throws Exception {
        ReplayTest.Run run = cli("fixtures", "--tracks", "60", "--out", dir.resolve("fx").toString(),
                "--audio-seconds", "0.5", "--audio-variants", "3", "--workspace", dir.resolve("ws").toString());
        assertEquals(0, run.exitCode(), run.stdout());
        assertTrue(run.stdout().contains("encoded 3 clips"), run.stdout());
        assertEquals(61, Files.readAllLines(dir.resolve("fx/originals/MANIFEST.tsv")).size());
        assertTrue(Files.readAllLines(dir.resolve("fx/covers/MANIFEST.tsv")).size() > 1);
    }
}
