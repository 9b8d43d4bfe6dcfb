package org.longplay.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longplay.camel.Headers;
import org.longplay.catalog.PostgresServer;
import org.longplay.fixtures.FixtureGenerator;
import org.longplay.fixtures.MediaOptions;

/**
 * Workers on many machines, as operators run them: real `longplay` processes against one PostgreSQL catalogue
 * (a throwaway server the tests start) and one workspace. Whatever happens to them (a worker SIGKILLed mid-run,
 * the database restarted under them), the outputs end byte for byte as one process on the embedded HSQLDB
 * makes them: archive files, patches, the track_files export, every released file and info-hash. Commands
 * that need the catalogue alone are refused at once, naming who holds it.
 */
class WorkersOnPostgresqlTest {
    private static final String CLOCK = "--set=longplay.process.processed-at=2026-01-01T00:00:00Z";
    private static final String SMALL_FOLDERS = "--set=longplay.release.folder-max-files=4";

    @TempDir
    static Path shared;
    static Path fixture;
    static Map<String, String> reference;

    @BeforeAll
    static void referenceRunOnHsqldb() throws Exception {
        fixture = shared.resolve("fixture");
        new FixtureGenerator(29).generate(fixture, 240, new MediaOptions(3, 12));
        Path clean = shared.resolve("hsqldb");
        try (LongplayRuntime runtime = TestWorkspace.start(clean, Map.of("longplay.process.processed-at", "2026-01-01T00:00:00Z",
                "longplay.release.folder-max-files", "4"))) {
            runtime.request("direct:run", Map.of(Headers.METADATA, fixture.resolve("spotify_clean.sqlite3").toString(),
                    Headers.ORIGINALS, fixture.resolve("originals").toString(), Headers.COVERS, fixture.resolve("covers").toString(),
                    Headers.DRY_RUN, false));
            ReleaseRouteTest.releaseAll(runtime);
        }
        reference = RunKillTest.everything(clean);
        assertTrue(reference.keySet().stream().filter(k -> k.startsWith("archive/")).count() > 100, "enough tracks to share out");
        assertTrue(reference.keySet().stream().anyMatch(k -> k.startsWith("releases/patches/")), "every stage released");
    }

    /** A workspace whose catalogue is a new PostgreSQL database, imported and planned. */
    private static Path planned(Path ws) throws Exception {
        TestWorkspace.onPostgresql(ws);
        try (LongplayRuntime runtime = TestWorkspace.start(ws)) {
            TestWorkspace.importAndPlan(runtime, fixture.resolve("spotify_clean.sqlite3"));
        }
        return ws;
    }

    private static Process worker(Path ws, String name, String... settings) throws Exception {
        List<String> args = new ArrayList<>(List.of("process", "--workspace", ws.toString(), "--originals", fixture.resolve("originals").toString(),
                "--covers", fixture.resolve("covers").toString(), CLOCK, "--set=longplay.process.workers=1"));
        args.addAll(List.of(settings));
        return TestWorkspace.longplayProcess(ws.resolveSibling(name + ".out"), ws.resolveSibling(name + ".err"), args.toArray(String[]::new));
    }

    private static Process command(Path ws, String name, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--workspace", ws.toString()));
        return TestWorkspace.longplayProcess(ws.resolveSibling(name + ".out"), ws.resolveSibling(name + ".err"), all.toArray(String[]::new));
    }

    private static String log(Path ws, String name) throws Exception {
        return Files.readString(ws.resolveSibling(name + ".out")) + Files.readString(ws.resolveSibling(name + ".err"));
    }

    private static long archived(Path ws) {
        if (!Files.isDirectory(ws.resolve("archive"))) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(ws.resolve("archive"))) {
            return files.filter(p -> p.toString().endsWith(".ogg")).count();
        } catch (Exception e) {
            return 0; // a folder created while walked
        }
    }

    private static void awaitArchived(Path ws, long files, List<Process> running) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (archived(ws) < files) {
            assertTrue(System.nanoTime() < deadline, "workers never wrote " + files + " files");
            assertTrue(running.stream().allMatch(Process::isAlive), "a worker ended before " + files + " files were written");
            Thread.sleep(5);
        }
    }

    private static void releaseAll(Path ws) throws Exception {
        Process release = command(ws, "release", "release", "--all", SMALL_FOLDERS);
        assertTrue(release.waitFor(180, TimeUnit.SECONDS));
        assertEquals(0, release.exitValue(), log(ws, "release"));
    }

    private static List<String> column(Path ws, String sql) throws Exception {
        String url = TestWorkspace.catalogue(ws).get("longplay.catalog.url");
        List<String> values = new ArrayList<>();
        try (Connection c = PostgresServer.shared().connect(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    @Test
    void threeWorkersOneSigkilledMidRunEndWithTheBytesOfOneProcessOnHsqldbAndAPlanMeanwhileIsRefusedNamingThem(@TempDir Path dir)
            throws Exception {
        Path ws = planned(dir.resolve("ws"));
        String url = TestWorkspace.catalogue(ws).get("longplay.catalog.url");
        List<Process> workers = new ArrayList<>();
        try (Connection holdUp = PostgresServer.shared().connect(url); Statement s = holdUp.createStatement()) {
            // the workers take their share of the catalogue, then wait on process_workers: a plan now meets them
            holdUp.setAutoCommit(false);
            s.execute("LOCK TABLE process_workers IN ACCESS EXCLUSIVE MODE");
            for (int i = 1; i <= 3; i++) {
                workers.add(worker(ws, "worker-" + i, "--set=longplay.process.lease-seconds=3"));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (column(ws, "SELECT holder FROM lock_holders WHERE lock_name = 'catalogue'").size() < 3) {
                assertTrue(System.nanoTime() < deadline, "the workers never shared the catalogue");
                Thread.sleep(20);
            }
            Process plan = command(ws, "plan-meanwhile", "plan");
            assertTrue(plan.waitFor(60, TimeUnit.SECONDS));
            String refused = log(ws, "plan-meanwhile");
            assertEquals(2, plan.exitValue(), refused);
            assertTrue(refused.contains("the catalogue is busy: `longplay plan` needs alone the catalogue lock, held by host "), refused);
            for (Process w : workers) {
                assertTrue(refused.contains("pid " + w.pid() + ", `longplay process` since "), "names every worker: " + refused);
            }
            holdUp.commit();
        }
        awaitArchived(ws, 25, workers);

        Process victim = workers.get(0);
        victim.destroyForcibly(); // SIGKILL: its claims are leased, its files half written under tmp/
        assertTrue(victim.waitFor(30, TimeUnit.SECONDS));
        long atKill = archived(ws);
        for (Process w : workers.subList(1, 3)) {
            assertTrue(w.waitFor(300, TimeUnit.SECONDS), "a worker never ended");
            assertTrue(w.exitValue() <= 1, "0, or 1 for the fixture's corrupt originals");
        }
        assertTrue(atKill < reference.keySet().stream().filter(k -> k.startsWith("archive/")).count(), "killed part-way");
        String joined = log(ws, "worker-2") + log(ws, "worker-3");
        assertTrue(joined.contains("joined it"), "the later workers joined the queue the first prepared:\n" + joined);
        assertEquals(List.of("0"), column(ws, "SELECT COUNT(*) FROM work_queue"), "every claim, the dead worker's too, was finished");
        assertEquals(List.of("finished", "finished", "working"), column(ws, "SELECT state FROM process_workers ORDER BY state"),
                "two ended cleanly; the killed one never said a word");
        Process status = command(ws, "status", "status");
        assertTrue(status.waitFor(60, TimeUnit.SECONDS));
        String workersSeen = log(ws, "status");
        assertTrue(workersSeen.contains("process workers (live, and ended in the last hour)"), workersSeen);
        for (Process w : workers) {
            String state = w == victim ? "not heard from" : "finished";
            assertTrue(workersSeen.lines().anyMatch(l -> l.startsWith("  " + state) && l.contains(" " + w.pid() + " ")),
                    "each worker with its state, host and pid: " + workersSeen);
        }

        releaseAll(ws);
        assertEquals(reference, RunKillTest.everything(ws));
    }

    @Test
    void workersRideOutADatabaseRestartAndEndWithTheSameBytes(@TempDir Path dir) throws Exception {
        Path ws = planned(dir.resolve("ws"));
        List<Process> workers = List.of(worker(ws, "worker-1", "--set=longplay.process.lease-seconds=6"),
                worker(ws, "worker-2", "--set=longplay.process.lease-seconds=6"));
        awaitArchived(ws, 20, workers);
        PostgresServer server = PostgresServer.shared();
        server.stopServer(); // fast shutdown: every session cut, as when the database restarts
        Thread.sleep(4_000);
        assertTrue(workers.stream().allMatch(Process::isAlive), "the workers wait for the database instead of giving up");
        server.startServer();
        for (Process w : workers) {
            assertTrue(w.waitFor(300, TimeUnit.SECONDS), "a worker never ended");
            assertTrue(w.exitValue() <= 1, log(ws, "worker-1") + log(ws, "worker-2"));
        }
        String logs = log(ws, "worker-1") + log(ws, "worker-2");
        assertTrue(logs.contains("the catalogue does not answer"), logs);
        assertFalse(logs.contains("\tat "), "one line each, no stack trace:\n" + logs);
        assertEquals(List.of("0"), column(ws, "SELECT COUNT(*) FROM work_queue"));
        releaseAll(ws);
        assertEquals(reference, RunKillTest.everything(ws));
    }

    @Test
    void aSecondPlanAndAProcessStartedWhileAPlanRunsAreRefusedAtOnceNamingIt(@TempDir Path dir) throws Exception {
        Path ws = dir.resolve("ws");
        TestWorkspace.onPostgresql(ws);
        try (LongplayRuntime runtime = TestWorkspace.start(ws)) {
            assertEquals(null, runtime.request("direct:import", Map.of(Headers.METADATA, fixture.resolve("spotify_clean.sqlite3").toString()))
                    .getMessage().getHeader(Headers.EXIT_CODE));
        }
        String url = TestWorkspace.catalogue(ws).get("longplay.catalog.url");
        try (Connection holdUp = PostgresServer.shared().connect(url); Statement s = holdUp.createStatement()) {
            // the first plan takes its lock, then waits on track_files: it holds the catalogue for as long as the test likes
            holdUp.setAutoCommit(false);
            s.execute("LOCK TABLE track_files IN ACCESS EXCLUSIVE MODE");
            Process first = command(ws, "plan-1", "plan");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (column(ws, "SELECT holder FROM lock_holders WHERE lock_name = 'catalogue'").isEmpty()) {
                assertTrue(first.isAlive() && System.nanoTime() < deadline, "the first plan never took the catalogue: " + log(ws, "plan-1"));
                Thread.sleep(20);
            }
            Process second = command(ws, "plan-2", "plan");
            Process worker = worker(ws, "worker");
            assertTrue(second.waitFor(60, TimeUnit.SECONDS) && worker.waitFor(60, TimeUnit.SECONDS));
            for (String name : List.of("plan-2", "worker")) {
                String said = log(ws, name);
                assertEquals(2, (name.equals("worker") ? worker : second).exitValue(), said);
                assertTrue(said.contains("held by host ") && said.contains("pid " + first.pid() + ", `longplay plan` since "), said);
                assertEquals(1, said.lines().filter(l -> l.contains("the catalogue is busy")).count(), "one line:\n" + said);
                assertFalse(said.contains("\tat "), "no stack trace:\n" + said);
            }
            assertTrue(first.isAlive(), "the first plan still waits");
            // status needs no lock and waits for none: it answers at once, saying what it cannot count
            Process status = command(ws, "status", "status");
            assertTrue(status.waitFor(30, TimeUnit.SECONDS));
            String counted = log(ws, "status");
            assertEquals(0, status.exitValue(), counted);
            assertTrue(counted.lines().anyMatch(l -> l.matches("  track_files +busy \\(being loaded\\)")), counted);
            assertTrue(counted.lines().anyMatch(l -> l.matches("  tracks +[0-9]+")), counted);
            holdUp.commit();
            assertTrue(first.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, first.exitValue(), log(ws, "plan-1"));
        }
        assertFalse(column(ws, "SELECT COUNT(*) FROM track_files").get(0).equals("0"), "the first plan planned");
    }
}
