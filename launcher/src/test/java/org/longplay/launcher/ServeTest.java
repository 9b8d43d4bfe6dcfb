package org.longplay.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longplay.replay.ReplayCase;

/**
 * `longplay serve`: the HTTP endpoints answered to a real HTTP client, the inbox, and the service as a
 * real process that holds its workspace and stops on SIGTERM.
 */
class ServeTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static LongplayRuntime serving(Path ws, int port) throws Exception {
        return LongplayRuntime.start(new LongplayRuntime.Options(TestWorkspace.HOME, ws, List.of(),
                Map.of("longplay.serve.port", Integer.toString(port), "longplay.serve.inbox-settle", "200"), LongplayRuntime.SERVE));
    }

    @Test
    void statusReleasesHealthAndMetricsAnswerOverHttpAndASecondReleaseIsRefusedWhileOneRuns(@TempDir Path dir) throws Exception {
        Path ws = dir.resolve("ws");
        ReleaseRouteTest.processed(ws, Map.of()).close();
        int port = freePort();
        try (LongplayRuntime service = serving(ws, port)) {
            HttpResponse<String> health = get(port, "/health");
            assertEquals(200, health.statusCode(), health.body());
            assertEquals("UP", ((JsonObject) Jsoner.deserialize(health.body())).get("status"));

            JsonObject status = (JsonObject) Jsoner.deserialize(get(port, "/status").body());
            assertEquals(8, ((Number) ((JsonObject) status.get("tracks_by_status")).get("success")).intValue(), status.toJson());
            JsonArray stages = (JsonArray) status.get("stages");
            assertEquals(8, stages.size());
            assertEquals("pending", ((JsonObject) stages.get(0)).get("state"));

            // hold the release in flight until the second request has been answered
            CountDownLatch hold = new CountDownLatch(1);
            AdviceWith.adviceWith(service.context(), "release", route -> route.weaveAddFirst().process(e -> hold.await(30, TimeUnit.SECONDS)));
            HttpResponse<String> first = post(port, "/releases/next");
            assertEquals(202, first.statusCode(), first.body());
            HttpResponse<String> second = post(port, "/releases/next");
            assertEquals(409, second.statusCode(), second.body());
            assertTrue(second.body().contains("a release is running"), second.body());
            assertEquals("next", ((JsonObject) Jsoner.deserialize(get(port, "/status").body())).get("release_running"));
            hold.countDown();
            awaitNoReleaseRunning(port);
            HttpResponse<String> last = get(port, "/releases/last");
            assertEquals(200, last.statusCode());
            assertTrue(last.body().startsWith("release metadata: released"), last.body());
            assertEquals("released", ((JsonObject) ((JsonArray) ((JsonObject) Jsoner.deserialize(get(port, "/status").body()))
                    .get("stages")).get(0)).get("state"));

            JsonObject metrics = (JsonObject) ((JsonObject) Jsoner.deserialize(get(port, "/metrics").body())).get("routes");
            assertTrue(((Number) ((JsonObject) metrics.get("http-status")).get("completed")).intValue() >= 3, metrics.toJson());
            assertTrue(metrics.containsKey("release"), "every route is measured, not only HTTP: " + metrics.toJson());
            assertEquals(405, post(port, "/status").statusCode(), "GET only");
        }
    }

    @Test
    void filesDroppedIntoTheInboxAreImportedPlannedOrReleasedAndMoveToDoneOrToFailedWithTheReason(@TempDir Path dir) throws Exception {
        Path ws = dir.resolve("ws");
        int port = freePort();
        Path metadata = new ReplayCase(TestWorkspace.fixtureCase("small")).metadataFile(dir.resolve("src"));
        try (LongplayRuntime service = serving(ws, port)) {
            Path inbox = ws.resolve("inbox");
            Files.createDirectories(inbox);
            Files.copy(metadata, inbox.resolve(".incoming"));
            Files.move(inbox.resolve(".incoming"), inbox.resolve("spotify_clean.sqlite3")); // dropped atomically
            Files.writeString(inbox.resolve("notes.txt"), "not a request");
            Files.writeString(inbox.resolve("bad.release"), "no-such-stage\n");
            awaitFile(inbox.resolve("done/spotify_clean.sqlite3"));
            awaitFile(inbox.resolve("failed/notes.txt"));
            awaitFile(inbox.resolve("failed/bad.release"));
            JsonObject status = (JsonObject) Jsoner.deserialize(get(port, "/status").body());
            long planned = ((JsonObject) status.get("tracks_by_status")).values().stream().mapToLong(v -> ((Number) v).longValue()).sum();
            assertTrue(planned > 0, "imported and planned: " + status.toJson());
            assertTrue(Files.readString(inbox.resolve("failed/notes.txt.reason.txt")).startsWith("not a request"));
            String reason = Files.readString(inbox.resolve("failed/bad.release.reason.txt"));
            assertTrue(reason.contains("no stage \"no-such-stage\" in the release plan"), reason);
        }
    }

    /** Waits until {@code /status} says no release runs. */
    private void awaitNoReleaseRunning(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (((JsonObject) Jsoner.deserialize(get(port, "/status").body())).get("release_running") != null
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static long routeCount(JsonObject metrics, String route, String counter) {
        JsonObject counts = (JsonObject) ((JsonObject) metrics.get("routes")).get(route);
        return counts == null ? 0 : ((Number) counts.get(counter)).longValue();
    }

    @Test
    void hardening2_releasingEmptyStagesOverHttpSaysSoInLastReleaseStatusAndMetrics(@TempDir Path dir) throws Exception {
        Path ws = ReleaseRouteTest.workspaceWithEmptyStages(dir);
        int port = freePort();
        try (LongplayRuntime service = serving(ws, port)) {
            for (int stage = 0; stage < 8; stage++) {
                HttpResponse<String> accepted = post(port, "/releases/next");
                assertEquals(202, accepted.statusCode(), accepted.body());
                awaitNoReleaseRunning(port);
                HttpResponse<String> last = get(port, "/releases/last");
                assertEquals(200, last.statusCode());
                assertTrue(last.body().contains(": released"), "stage " + stage + ": " + last.body());
                if (stage == 1) {
                    assertTrue(last.body().startsWith("release music-pop-50-to-100: released empty: "), last.body());
                }
            }
            JsonArray stages = (JsonArray) ((JsonObject) Jsoner.deserialize(get(port, "/status").body())).get("stages");
            for (Object row : stages) {
                JsonObject stage = (JsonObject) row;
                assertEquals("released", stage.get("state"), stage.toJson());
                assertEquals(!"metadata".equals(stage.get("id")), stage.get("empty"), stage.toJson());
            }
            JsonObject metrics = (JsonObject) Jsoner.deserialize(get(port, "/metrics").body());
            assertEquals(8, routeCount(metrics, "release", "completed"), metrics.toJson());
            assertEquals(0, routeCount(metrics, "release", "failed"), metrics.toJson());
        }
    }

    @Test
    void hardening2_aReleaseThatFailsIsReportedByLastReleaseAndCountedAsFailedInMetrics(@TempDir Path dir) throws Exception {
        Path ws = dir.resolve("ws");
        ReleaseRouteTest.processed(ws, Map.of()).close();
        Files.writeString(ws.resolve("releases"), "a file where the releases folder belongs\n"); // every release fails
        int port = freePort();
        try (LongplayRuntime service = serving(ws, port)) {
            assertEquals(202, post(port, "/releases/metadata").statusCode());
            awaitNoReleaseRunning(port);
            HttpResponse<String> last = get(port, "/releases/last");
            assertEquals(200, last.statusCode());
            assertTrue(last.body().startsWith("error: "), last.body());
            assertTrue(last.body().contains("releases"), "names what failed: " + last.body());
            assertTrue(last.body().endsWith("exit code 1\n"), last.body());
            JsonObject metrics = (JsonObject) Jsoner.deserialize(get(port, "/metrics").body());
            assertEquals(1, routeCount(metrics, "release", "failed"), metrics.toJson());
            assertEquals(0, routeCount(metrics, "release", "completed"), metrics.toJson());
        }
    }

    @Test
    void hardening8_aRequestNameUsedAgainKeepsTheEarlierDoneAndFailedRecords(@TempDir Path dir) throws Exception {
        Path ws = dir.resolve("ws");
        int port = freePort();
        try (LongplayRuntime service = serving(ws, port)) {
            Path inbox = Files.createDirectories(ws.resolve("inbox"));
            for (String stage : List.of("no-such-stage-1", "no-such-stage-2")) {
                drop(inbox, "go.release", stage);
                awaitFile(inbox.resolve(stage.endsWith("1") ? "failed/go.release" : "failed/go.release.2"));
            }
            for (String record : List.of("go.release.3", "go.release.4")) { // a record name is used once, in done/ or failed/
                drop(inbox, "go.release", "next"); // nothing is ready: says so, exit 0
                awaitFile(inbox.resolve("done").resolve(record));
            }
            assertTrue(Files.readString(inbox.resolve("failed/go.release.reason.txt")).contains("no-such-stage-1"));
            assertTrue(Files.readString(inbox.resolve("failed/go.release.2.reason.txt")).contains("no-such-stage-2"));
            assertEquals("no-such-stage-1", Files.readString(inbox.resolve("failed/go.release")));
            assertEquals("next", Files.readString(inbox.resolve("done/go.release.4")));
        }
    }

    /** Drops a request the way operators are told to: written under a dot name, then renamed. */
    private static void drop(Path inbox, String name, String text) throws IOException {
        Files.writeString(inbox.resolve(".incoming"), text);
        Files.move(inbox.resolve(".incoming"), inbox.resolve(name));
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(file), file + " appeared");
    }

    @Test
    void theServiceAsARealProcessHoldsItsWorkspaceAndStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        Path ws = dir.resolve("ws");
        int port = freePort();
        Process service = TestWorkspace.longplayProcess(dir.resolve("out.txt"), dir.resolve("err.txt"), "serve",
                "--workspace", ws.toString(), "--set", "longplay.serve.port=" + port);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(dir.resolve("out.txt")).contains("serving ") && service.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(Files.readString(dir.resolve("out.txt")).contains("on http://127.0.0.1:" + port + "/status"),
                    Files.readString(dir.resolve("out.txt")) + Files.readString(dir.resolve("err.txt")));
            assertEquals(200, get(port, "/health").statusCode());
            assertEquals(2, ReplayTest.cli("status", "--workspace", ws.toString()).exitCode(), "the service holds the workspace");
            service.destroy(); // SIGTERM
            assertTrue(service.waitFor(60, TimeUnit.SECONDS));
            assertTrue(Files.readString(dir.resolve("out.txt")).contains("serve: stopped on request"));
        } finally {
            service.destroyForcibly();
        }
        assertEquals(0, ReplayTest.cli("status", "--workspace", ws.toString()).exitCode(), "free again");
    }
}
