package org.longplay.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longplay.catalog.PostgresServer;

/**
 * A PostgreSQL catalogue's password reaches Longplay only through the environment or a file, and never shows:
 * not in the process list, the output, the logs, `status`, or serve's /status, /metrics and /health; settings that
 * would put it elsewhere (the URL, a setting) are refused without repeating it; a wrong one is named as such.
 */
class CataloguePasswordTest {

    private static String said(Path dir, String name) throws Exception {
        return Files.readString(dir.resolve(name + ".out")) + Files.readString(dir.resolve(name + ".err"));
    }

    private static Process longplay(Path dir, String name, Map<String, String> environment, String... args) throws Exception {
        return TestWorkspace.longplayProcess(dir.resolve(name + ".out"), dir.resolve(name + ".err"), environment, args);
    }

    @Test
    void thePasswordNeverShowsInTheProcessListOutputLogsStatusOrMetrics(@TempDir Path dir) throws Exception {
        PostgresServer server = PostgresServer.shared();
        String password = server.password();
        String url = server.createDatabase();
        Path ws = dir.resolve("ws");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process serve = longplay(dir, "serve", Map.of("LONGPLAY_CATALOG_PASSWORD", password), "serve", "--workspace", ws.toString(),
                "--set", "longplay.catalog.url=" + url, "--set", "longplay.catalog.user=" + PostgresServer.USER,
                "--set", "longplay.serve.port=" + port);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(dir.resolve("serve.out")).contains("serving ") && serve.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(serve.isAlive(), said(dir, "serve"));
            String commandLine = Files.readString(Path.of("/proc", Long.toString(serve.pid()), "cmdline")).replace('\0', ' ');
            assertTrue(commandLine.contains("LongplayCli serve"), commandLine);
            assertFalse(commandLine.contains(password), "the process list: " + commandLine);
            HttpClient http = HttpClient.newHttpClient();
            for (String path : List.of("/status", "/metrics", "/health")) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, answer.statusCode(), path + ": " + answer.body());
                assertFalse(answer.body().contains(password) || answer.headers().toString().contains(password), path);
            }
        } finally {
            serve.destroy(); // SIGTERM
            assertTrue(serve.waitFor(60, TimeUnit.SECONDS));
        }
        assertFalse(said(dir, "serve").contains(password), said(dir, "serve"));

        Process status = longplay(dir, "status", Map.of("LONGPLAY_CATALOG_PASSWORD", password), "status", "--workspace", ws.toString(),
                "--set", "longplay.catalog.url=" + url, "--set", "longplay.catalog.user=" + PostgresServer.USER);
        assertTrue(status.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, status.exitValue(), said(dir, "status"));
        assertFalse(said(dir, "status").contains(password), said(dir, "status"));
    }

    @Test
    void aPasswordInTheUrlOrASettingIsRefusedWithoutBeingRepeatedAndAWrongOneIsNamedAsSuch(@TempDir Path dir) throws Exception {
        PostgresServer server = PostgresServer.shared();
        String url = server.createDatabase();
        String secret = "s3cret-" + System.nanoTime();
        Map<String, String[]> refusals = Map.of(
                "in-url", new String[] {"--set", "longplay.catalog.url=" + url + "?user=longplay&password=" + secret},
                "in-setting", new String[] {"--set", "longplay.catalog.url=" + url, "--set", "longplay.catalog.password=" + secret});
        for (Map.Entry<String, String[]> refusal : refusals.entrySet()) {
            List<String> args = new java.util.ArrayList<>(List.of("status", "--workspace", dir.resolve("ws").toString()));
            args.addAll(List.of(refusal.getValue()));
            Process status = longplay(dir, refusal.getKey(), Map.of(), args.toArray(String[]::new));
            assertTrue(status.waitFor(60, TimeUnit.SECONDS));
            String said = said(dir, refusal.getKey());
            assertEquals(2, status.exitValue(), said);
            assertEquals(1, said.lines().count(), "one line: " + said);
            assertTrue(said.contains("LONGPLAY_CATALOG_PASSWORD") && said.contains("longplay.catalog.password-file"), said);
            assertFalse(said.contains(secret), said);
        }
        Path wrong = dir.resolve("wrong-password");
        Files.writeString(wrong, secret + "\n");
        Process status = longplay(dir, "wrong", Map.of(), "status", "--workspace", dir.resolve("ws").toString(),
                "--set", "longplay.catalog.url=" + url, "--set", "longplay.catalog.user=" + PostgresServer.USER,
                "--set", "longplay.catalog.password-file=" + wrong);
        assertTrue(status.waitFor(60, TimeUnit.SECONDS));
        String said = said(dir, "wrong");
        assertEquals(2, status.exitValue(), said);
        assertTrue(said.contains("password authentication failed"), said);
        assertFalse(said.contains(secret) || said.contains("\tat "), said);
    }
}
