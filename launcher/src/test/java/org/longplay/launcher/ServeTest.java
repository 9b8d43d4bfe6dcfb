package org.longplay.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /** A POST with the service's token, as an operator sends it (docs/operators.md). */
    private HttpResponse<String> post(Path ws, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + token(ws))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The token a service on {@code ws} wants: made on its first start, in the workspace. */
    private static String token(Path ws) throws IOException {
        return Files.readString(ws.resolve("serve.token")).strip();
    }

    private static LongplayRuntime serving(Path ws, int port) throws Exception {
        return serving(ws, port, Map.of());
    }

    private static LongplayRuntime serving(Path ws, int port, Map<String, String> settings) throws Exception {
        Map<String, String> overrides = new java.util.HashMap<>(settings);
        overrides.put("longplay.serve.port", Integer.toString(port));
        overrides.put("longplay.serve.inbox-settle", "200");
        return LongplayRuntime.start(new LongplayRuntime.Options(TestWorkspace.HOME, ws, List.of(), overrides, LongplayRuntime.SERVE));
    }

    /**
     * One request written byte for byte on its own connection (a browser's Host and Origin, which HTTP clients do
     * not let a caller set), and the whole answer as text: status line, headers, body.
     */
    private static String raw(int port, String request) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    private static String rawPost(int port, String path, String headers) throws IOException {
        return raw(port, "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + headers + "Content-Length: 0\r\nConnection: close\r\n\r\n");
    }

    private static int status(String answer) {
        return Integer.parseInt(answer.substring(9, 12));
    }

    /** A workspace with audio-small imported, planned and processed, nothing released, not held by a runtime. */
    private static Path processedWorkspace(Path dir) throws Exception {
        Path ws = dir.resolve("ws");
        ReleaseRouteTest.processed(ws, Map.of()).close();
        return ws;
    }

    /** The answer's header lines, lower-cased. */
    private static List<String> headerLines(String answer) {
        return answer.substring(0, answer.indexOf("\r\n\r\n")).lines().skip(1).map(l -> l.toLowerCase(java.util.Locale.ROOT)).toList();
    }

    @Test
    void statusReleasesHealthAndMetricsAnswerOverHttpAndASecondReleaseIsRefusedWhileOneRuns(@TempDir Path dir) throws Exception {
        Path ws = processedWorkspace(dir);
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
            HttpResponse<String> first = post(ws, port, "/releases/next");
            assertEquals(202, first.statusCode(), first.body());
            HttpResponse<String> second = post(ws, port, "/releases/next");
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
            assertEquals(405, post(ws, port, "/status").statusCode(), "GET only");
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

    /** {@code /metrics} counts the release route's exchanges as completed and failed as given. */
    private void assertReleasesCounted(int port, long completed, long failed) throws Exception {
        JsonObject metrics = (JsonObject) Jsoner.deserialize(get(port, "/metrics").body());
        JsonObject counts = (JsonObject) ((JsonObject) metrics.get("routes")).get("release");
        assertEquals(completed, counts == null ? 0 : ((Number) counts.get("completed")).longValue(), metrics.toJson());
        assertEquals(failed, counts == null ? 0 : ((Number) counts.get("failed")).longValue(), metrics.toJson());
    }

    @Test
    void hardening2_releasingEmptyStagesOverHttpSaysSoInLastReleaseStatusAndMetrics(@TempDir Path dir) throws Exception {
        Path ws = ReleaseRouteTest.workspaceWithEmptyStages(dir);
        int port = freePort();
        try (LongplayRuntime service = serving(ws, port)) {
            for (int stage = 0; stage < 8; stage++) {
                HttpResponse<String> accepted = post(ws, port, "/releases/next");
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
            assertReleasesCounted(port, 8, 0);
        }
    }

    @Test
    void hardening2_aReleaseThatFailsIsReportedByLastReleaseAndCountedAsFailedInMetrics(@TempDir Path dir) throws Exception {
        Path ws = processedWorkspace(dir);
        Files.writeString(ws.resolve("releases"), "a file where the releases folder belongs\n"); // every release fails
        int port = freePort();
        try (LongplayRuntime service = serving(ws, port)) {
            assertEquals(202, post(ws, port, "/releases/metadata").statusCode());
            awaitNoReleaseRunning(port);
            HttpResponse<String> last = get(port, "/releases/last");
            assertEquals(200, last.statusCode());
            assertTrue(last.body().startsWith("error: "), last.body());
            assertTrue(last.body().contains("releases"), "names what failed: " + last.body());
            assertTrue(last.body().endsWith("exit code 1\n"), last.body());
            assertReleasesCounted(port, 0, 1);
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

    /** Starts `longplay serve` in its own JVM; returns once it says it serves (or has ended). */
    private static Process serveProcess(Path dir, Path ws, int port) throws Exception {
        Process service = TestWorkspace.longplayProcess(dir.resolve("out.txt"), dir.resolve("err.txt"), "serve",
                "--workspace", ws.toString(), "--set", "longplay.serve.port=" + port, "--set", "longplay.serve.inbox-settle=200");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(dir.resolve("out.txt")).contains("serving ") && service.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return service;
    }

    @Test
    void hardening5_aTakenPortFailsTheStartWithExit2InOneLine(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            Process service = serveProcess(dir, dir.resolve("ws"), taken.getLocalPort());
            try {
                assertTrue(service.waitFor(60, TimeUnit.SECONDS), "the service must not run on another's port");
                String err = Files.readString(dir.resolve("err.txt"));
                assertEquals(2, service.exitValue(), err);
                assertFalse(Files.readString(dir.resolve("out.txt")).contains("serving "), "it never says it serves");
                assertEquals(1, err.lines().count(), "one line: " + err);
                assertTrue(err.startsWith("error: cannot serve on 127.0.0.1:" + taken.getLocalPort() + ": "), err);
                assertTrue(err.contains("in use"), err);
            } finally {
                service.destroyForcibly();
            }
        }
    }

    @Test
    void hardening5_everyChangeNeedsTheTokenFromAFileOnlyItsOwnerCanRead(@TempDir Path dir) throws Exception {
        Path ws = processedWorkspace(dir);
        int port = freePort();
        try (LongplayRuntime service = serving(ws, port)) {
            Path tokenFile = ws.resolve("serve.token");
            assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(tokenFile));
            assertTrue(token(ws).length() >= 32, "a token too long to guess");
            assertEquals(401, status(rawPost(port, "/releases/metadata", "")), "no token");
            assertEquals(401, status(rawPost(port, "/releases/metadata", "Authorization: Bearer " + token(ws) + "x\r\n")), "a wrong token");
            assertEquals(401, status(rawPost(port, "/releases/next", "Authorization: Basic " + token(ws) + "\r\n")), "not a bearer token");
            assertEquals(404, get(port, "/releases/last").statusCode(), "nothing ran");
            assertEquals(200, get(port, "/status").statusCode(), "reading needs no token");
            assertEquals(202, status(rawPost(port, "/releases/metadata", "Authorization: Bearer " + token(ws) + "\r\n")));
            awaitNoReleaseRunning(port);
        }
        // a token file others can read is refused: the service does not start
        Files.setPosixFilePermissions(ws.resolve("serve.token"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        LongplayRuntime.ConfigException refused = org.junit.jupiter.api.Assertions.assertThrows(LongplayRuntime.ConfigException.class,
                () -> serving(ws, port).close());
        assertTrue(refused.getMessage().startsWith("serve: " + ws.resolve("serve.token") + " can be read by others (rw-r--r--)"),
                refused.getMessage());
        assertEquals(1, refused.getMessage().lines().count());
    }

    @Test
    void hardening5_aForeignHostOrACrossOriginRequestIsRefusedAsDnsRebindingOrCsrf(@TempDir Path dir) throws Exception {
        Path ws = processedWorkspace(dir);
        int port = freePort();
        try (LongplayRuntime service = serving(ws, port)) {
            // a page of evil.example whose name now resolves to 127.0.0.1 (DNS rebinding) reads as evil.example
            String rebound = raw(port, "GET /status HTTP/1.1\r\nHost: evil.example:" + port + "\r\nConnection: close\r\n\r\n");
            assertEquals(403, status(rebound), rebound);
            assertFalse(rebound.contains("tracks_by_status"), rebound);
            String auth = "Authorization: Bearer " + token(ws) + "\r\n";
            // a form another site's page posts (CSRF), even were the token known to it
            assertEquals(403, status(rawPost(port, "/releases/metadata", auth + "Origin: https://evil.example\r\n")));
            assertEquals(403, status(rawPost(port, "/releases/metadata", auth + "Origin: null\r\n")));
            assertEquals(404, get(port, "/releases/last").statusCode(), "nothing ran");
            assertEquals(200, status(raw(port, "GET /health HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n")));
            assertEquals(202, status(rawPost(port, "/releases/metadata", auth + "Origin: http://127.0.0.1:" + port + "\r\n")),
                    "its own origin");
            awaitNoReleaseRunning(port);
        }
    }

    @Test
    void hardening5_noRequestDataIsCopiedIntoTheResponseHeaders(@TempDir Path dir) throws Exception {
        Path ws = dir.resolve("ws");
        int port = freePort();
        try (LongplayRuntime service = serving(ws, port)) {
            String health = raw(port, "GET /health?Set-Cookie=pwn%3D1&X-Query=q HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nX-Echo: e\r\nConnection: close\r\n\r\n");
            assertEquals(200, status(health), health);
            for (String line : headerLines(health)) {
                assertTrue(line.startsWith("content-type:") || line.startsWith("content-length:") || line.startsWith("transfer-encoding:")
                        || line.startsWith("connection:"), "only the service's own headers: " + line);
            }
            String accepted = rawPost(port, "/releases/next?Set-Cookie=x", "Authorization: Bearer " + token(ws) + "\r\nX-Echo: e\r\n");
            assertEquals(202, status(accepted), accepted);
            assertFalse(accepted.toLowerCase(java.util.Locale.ROOT).contains("set-cookie") || accepted.contains(token(ws))
                    || accepted.toLowerCase(java.util.Locale.ROOT).contains("x-echo"), accepted);
            awaitNoReleaseRunning(port);
        }
    }

    @Test
    void hardening5_badAndUnknownStageIdsAre400And404BeforeAnythingRunsAndNoLogLineCarriesTheirBytes(@TempDir Path dir) throws Exception {
        Path ws = dir.resolve("ws");
        int port = freePort();
        Process service = serveProcess(dir, ws, port);
        try {
            String auth = "Authorization: Bearer " + token(ws) + "\r\n";
            assertEquals(400, status(rawPost(port, "/releases/a%0AFORGED%20ERROR%20longplay%20-%20owned", auth)));
            assertEquals(400, status(rawPost(port, "/releases/..%2F..%2Fetc", auth)));
            assertEquals(404, status(rawPost(port, "/releases/no-such-stage", auth)));
            assertEquals(404, get(port, "/releases/last").statusCode(), "nothing ran");
            // a file name with a line break, dropped into the inbox, is refused without reaching a log line
            Path inbox = Files.createDirectories(ws.resolve("inbox"));
            drop(inbox, "b\nFORGED.release", "next");
            awaitFile(inbox.resolve("failed/b\nFORGED.release"));
            assertTrue(Files.readString(inbox.resolve("failed/b\nFORGED.release.reason.txt")).startsWith("not a request"));
        } finally {
            service.destroy();
            service.waitFor(60, TimeUnit.SECONDS);
        }
        String log = Files.readString(dir.resolve("err.txt"));
        assertTrue(log.lines().noneMatch(line -> line.startsWith("FORGED")), log);
    }

    @Test
    void hardening5_idleConnectionsAreClosedAndConnectionsBeyondTheCapAreRefused(@TempDir Path dir) throws Exception {
        Path ws = dir.resolve("ws");
        int port = freePort();
        try (LongplayRuntime service = serving(ws, port, Map.of("longplay.serve.idle-timeout", "2", "longplay.serve.max-connections", "4"))) {
            List<java.net.Socket> idle = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    idle.add(new java.net.Socket("127.0.0.1", port));
                }
                Thread.sleep(300); // the server has taken them
                try (java.net.Socket fifth = new java.net.Socket("127.0.0.1", port)) {
                    fifth.setSoTimeout(5_000);
                    assertEquals(-1, fifth.getInputStream().read(), "closed at once: the cap is reached");
                }
                long started = System.nanoTime();
                for (java.net.Socket socket : idle) {
                    socket.setSoTimeout(15_000);
                    assertEquals(-1, socket.getInputStream().read(), "closed by the server when idle");
                }
                assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10), "within the idle timeout");
            } finally {
                for (java.net.Socket socket : idle) {
                    socket.close();
                }
            }
            assertEquals(200, status(raw(port, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")),
                    "serving again once they are gone");
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
        Process service = serveProcess(dir, ws, port);
        try {
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
