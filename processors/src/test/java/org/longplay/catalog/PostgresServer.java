package org.longplay.catalog;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for the tests: a new cluster ({@code initdb}) in a temporary folder, on a
 * free port of 127.0.0.1, from the Debian {@code postgresql} binaries; as the {@code postgres} user when the
 * tests run as root (the server refuses root). Password authentication (scram) for user {@value #USER}, so
 * the tests go through the same password path operators use. Stopped and removed when the JVM ends.
 * Without the binaries it fails with what to install: PostgreSQL tests are never skipped.
 */
public final class PostgresServer {
    public static final String USER = "longplay";
    private static final String PASSWORD = "catalogue-secret-" + Long.toHexString(System.nanoTime());
    private static PostgresServer shared;

    private final Path bin;
    private final Path root;
    private final Path data;
    private final int port;
    private final Path passwordFile;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(Path bin, Path root, int port) {
        this.bin = bin;
        this.root = root;
        this.data = root.resolve("data");
        this.port = port;
        this.passwordFile = root.resolve("password");
    }

    /** The server every test of this JVM shares (each test on its own database), started on first use. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            try {
                shared = start();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("cannot start a throwaway PostgreSQL server for the tests: " + e.getMessage(), e);
            }
            PostgresServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::destroy, "postgres-test-server-stop"));
        }
        return shared;
    }

    private static PostgresServer start() throws IOException, InterruptedException {
        Path bin = binaries();
        Path root = Files.createTempDirectory("longplay-pg-");
        PostgresServer server = new PostgresServer(bin, root, freePort());
        // the password file is the catalogue's too (longplay.catalog.password-file): owner-only
        Files.writeString(server.passwordFile, PASSWORD + "\n", StandardCharsets.UTF_8);
        Path pwfile = root.resolve("initdb-password");
        Files.writeString(pwfile, PASSWORD + "\n", StandardCharsets.UTF_8);
        if (asRoot()) {
            server.run("chown", "-R", "postgres", root.toString());
        }
        Files.setPosixFilePermissions(server.passwordFile, PosixFilePermissions.fromString("rw-------"));
        server.runAsServerUser(bin.resolve("initdb").toString(), "-D", server.data.toString(), "-U", USER, "--pwfile=" + pwfile,
                "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        server.startServer();
        return server;
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin} that has initdb, or LONGPLAY_PG_BIN. */
    private static Path binaries() {
        String configured = System.getenv("LONGPLAY_PG_BIN");
        if (configured != null && Files.isExecutable(Path.of(configured, "initdb"))) {
            return Path.of(configured);
        }
        Path versions = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(versions)) {
            try (Stream<Path> list = Files.list(versions)) {
                Path newest = list.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(b -> versionOf(b.getParent().getFileName().toString()))).orElse(null);
                if (newest != null) {
                    return newest;
                }
            } catch (IOException e) {
                // fall through to the message
            }
        }
        throw new IllegalStateException("the PostgreSQL tests need the server binaries (initdb, pg_ctl) under /usr/lib/postgresql/<version>/bin"
                + " or LONGPLAY_PG_BIN: apt-get install postgresql (.ci/run does)");
    }

    private static int versionOf(String name) {
        try {
            return Integer.parseInt(name.replaceAll("\\..*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Starts (again) the server; returns once it accepts connections. */
    public void startServer() throws IOException, InterruptedException {
        runAsServerUser(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", root.resolve("server.log").toString(), "-w", "-t", "60",
                "-o", "-c listen_addresses=127.0.0.1 -c port=" + port + " -c unix_socket_directories=" + root
                        + " -c max_connections=300 -c fsync=off -c full_page_writes=off -c synchronous_commit=off", "start");
    }

    /** Stops the server at once (fast shutdown: sessions are cut, as when the database restarts under its clients). */
    public void stopServer() throws IOException, InterruptedException {
        runAsServerUser(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
    }

    private void destroy() {
        try {
            stopServer();
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the JVM is ending; the folder below goes anyway
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }

    /** A new, empty database; returns its JDBC URL. */
    public String createDatabase() throws SQLException {
        String name = "catalogue_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        admin("CREATE DATABASE " + name);
        return url(name);
    }

    /** A new database holding a copy of the one at {@code url} (which nobody may be connected to). */
    public String copyDatabase(String url) throws SQLException {
        String name = "catalogue_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        admin("CREATE DATABASE " + name + " TEMPLATE " + url.substring(url.lastIndexOf('/') + 1));
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /** The file holding the password (owner-only), as {@code longplay.catalog.password-file} takes it. */
    public Path passwordFile() {
        return passwordFile;
    }

    /** The password, for tests that check it is never shown. */
    public String password() {
        return PASSWORD;
    }

    /** The settings that point a catalogue at the database {@code url} of this server. */
    public java.util.Map<String, String> catalogueSettings(String url) {
        return java.util.Map.of("longplay.catalog.url", url, "longplay.catalog.user", USER,
                "longplay.catalog.password-file", passwordFile.toString());
    }

    /** A direct connection to the database {@code url}, outside any pool. */
    public Connection connect(String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        return DriverManager.getConnection(url, properties);
    }

    private void admin(String sql) throws SQLException {
        try (Connection c = connect(url("postgres")); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private void runAsServerUser(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        run(full.toArray(String[]::new));
    }

    private void run(String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("longplay-pg-command-", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(Path.of("/tmp").toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in 120 s");
            }
            if (process.exitValue() != 0) {
                String serverLog = Files.exists(root.resolve("server.log")) ? Files.readString(root.resolve("server.log")) : "";
                throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + Files.readString(log)
                        + (serverLog.isEmpty() ? "" : "\nserver log:\n" + serverLog));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
