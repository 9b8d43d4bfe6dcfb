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

    /** {@code longplay <args>} in this JVM; what it printed on stderr (the CLI's error line) as well. */
    private static ReplayTest.Run cliCapturingStderr(StringBuilder stderr, String... args) {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            return cli(args);
        } finally {
            System.setErr(original);
            stderr.append(err.toString(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void hardening6_aBadValueOrAnUnknownLongplayKeyIsRefusedAtStartInOneLineNamingTheKeyAndWhatIsAllowed(@TempDir Path dir) {
        String ws = dir.resolve("ws").toString();
        java.util.Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("longplay.process.workers=0", "setting longplay.process.workers = \"0\": must be a whole number from 1 to 4096");
        refused.put("longplay.process.workers=abc", "setting longplay.process.workers = \"abc\": must be a whole number from 1 to 4096");
        refused.put("longplay.process.max-consecutive-failures=-1", "setting longplay.process.max-consecutive-failures = \"-1\": must be a whole number");
        refused.put("longplay.process.free-space-reserve=-5", "setting longplay.process.free-space-reserve = \"-5\": must be a whole number, 0 or more");
        refused.put("longplay.verify.patch-sample=-1", "setting longplay.verify.patch-sample = \"-1\": must be a whole number");
        refused.put("longplay.release.creation-date=yesterday", "setting longplay.release.creation-date = \"yesterday\": must be an ISO-8601 instant");
        refused.put("longplay.serve.port=99999", "setting longplay.serve.port = \"99999\": must be a whole number from 1 to 65535");
        refused.put("longplay.process.fsync=yes", "setting longplay.process.fsync = \"yes\": must be true or false");
        refused.put("longplay.release.piece-length=1000", "setting longplay.release.piece-length = \"1000\": piece length must be 0 (automatic) or a power of two");
        refused.put("longplay.release.stages=metadata,music:50-200", "setting longplay.release.stages = \"metadata,music:50-200\": popularity band must be within 0..100");
        refused.put("longplay.process.claim-size=0", "setting longplay.process.claim-size = \"0\": must be a whole number from 1");
        refused.put("longplay.procss.workers=2", "unknown setting \"longplay.procss.workers\" (did you mean longplay.process.workers?)");
        for (java.util.Map.Entry<String, String> c : refused.entrySet()) {
            StringBuilder stderr = new StringBuilder();
            ReplayTest.Run run = cliCapturingStderr(stderr, "status", "--workspace", ws, "--set", c.getKey());
            assertEquals(2, run.exitCode(), c.getKey() + ": " + stderr);
            assertEquals(1, stderr.toString().lines().count(), c.getKey() + ": one line: " + stderr);
            assertTrue(stderr.toString().startsWith("error: " + c.getValue()), c.getKey() + ": " + stderr);
        }
        // a key misspelt in a config file is refused the same way
        Path site = dir.resolve("site.properties");
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> Files.writeString(site, "longplay.release.prefx = mine\n"));
        StringBuilder stderr = new StringBuilder();
        assertEquals(2, cliCapturingStderr(stderr, "status", "--workspace", ws, "--config", site.toString()).exitCode());
        assertTrue(stderr.toString().startsWith("error: unknown setting \"longplay.release.prefx\" (did you mean longplay.release.prefix?)"),
                stderr.toString());
        // a workspace that cannot be a folder is bad usage too
        Path file = dir.resolve("a-file");
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> Files.writeString(file, "not a folder\n"));
        StringBuilder workspaceErr = new StringBuilder();
        assertEquals(2, cliCapturingStderr(workspaceErr, "status", "--workspace", file.resolve("ws").toString()).exitCode());
        assertTrue(workspaceErr.toString().startsWith("error: cannot use " + file.resolve("ws") + " as the workspace (--workspace): "),
                workspaceErr.toString());
        assertEquals(1, workspaceErr.toString().lines().count(), workspaceErr.toString());
        // the catalogue's keys are the catalogue engine's to check; the work queue's tuning keys are known
        for (String accepted : new String[] {"longplay.catalog.password-file=/etc/longplay/catalog.password",
                "longplay.process.claim-size=500", "longplay.process.lease-seconds=60"}) {
            ReplayTest.Run run = cli("status", "--workspace", ws, "--set", accepted);
            assertEquals(0, run.exitCode(), accepted);
        }
    }

    @Test
    void hardening6_aBadCreationDateOrServePortGivesOneLineAndNoStackTraceInARealProcess(@TempDir Path dir) throws Exception {
        String ws = dir.resolve("ws").toString();
        String[][] cases = {{"release", "--next", "--workspace", ws, "--set", "longplay.release.creation-date=2026-13-45"},
                {"serve", "--workspace", ws, "--set", "longplay.serve.port=http"}};
        for (String[] args : cases) {
            Path out = Files.createTempFile(dir, "out", ".txt");
            Path err = Files.createTempFile(dir, "err", ".txt");
            Process process = TestWorkspace.longplayProcess(out, err, args);
            assertTrue(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), String.join(" ", args));
            String stderr = Files.readString(err);
            assertEquals(2, process.exitValue(), stderr);
            assertEquals(1, stderr.lines().count(), "one line: " + stderr);
            assertTrue(stderr.startsWith("error: setting longplay."), stderr);
        }
    }
}
