package org.longplay.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.longplay.catalog.PostgresServer;

/**
 * Starts the real runtime (real config, real routes/*.yaml, a real catalogue) on a test's own workspace. The
 * catalogue is the embedded HSQLDB of the workspace, or, when the tests run with
 * {@code -Dlongplay.test.catalog=postgresql} (the launcher's second surefire run), a database of its own on the
 * throwaway PostgreSQL server the tests start ({@link PostgresServer}): the same tests, on both engines.
 */
final class TestWorkspace {

    static final Path HOME = LongplayRuntime.defaultHome();
    /** Whether this test run's catalogues are PostgreSQL databases. */
    static final boolean POSTGRESQL = "postgresql".equals(System.getProperty("longplay.test.catalog"));
    /** The PostgreSQL database of each workspace, created on first use. */
    private static final Map<Path, String> DATABASES = new java.util.concurrent.ConcurrentHashMap<>();

    private TestWorkspace() {
    }

    static LongplayRuntime start(Path workspace, Map<String, String> overrides) throws Exception {
        Map<String, String> settings = new java.util.LinkedHashMap<>(catalogue(workspace));
        settings.putAll(overrides);
        return LongplayRuntime.start(new LongplayRuntime.Options(HOME, workspace, List.of(), settings));
    }

    /**
     * The settings that give {@code workspace} its catalogue: a PostgreSQL database when this run's engine is
     * PostgreSQL or the test put it there ({@link #onPostgresql}); none (the default, HSQLDB) otherwise.
     */
    static Map<String, String> catalogue(Path workspace) {
        Path key = workspace.toAbsolutePath().normalize();
        if (!POSTGRESQL && !DATABASES.containsKey(key)) {
            return Map.of();
        }
        return onPostgresql(workspace);
    }

    /** Puts {@code workspace}'s catalogue on a new database of the tests' PostgreSQL server (once); its settings. */
    static Map<String, String> onPostgresql(Path workspace) {
        PostgresServer server = PostgresServer.shared();
        String url = DATABASES.computeIfAbsent(workspace.toAbsolutePath().normalize(), w -> {
            try {
                return server.createDatabase();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create a PostgreSQL database for " + w + ": " + e.getMessage(), e);
            }
        });
        return server.catalogueSettings(url);
    }

    /** {@link #catalogue} as {@code --set key=value} arguments of the CLI. */
    static List<String> catalogueArguments(Path workspace) {
        List<String> arguments = new java.util.ArrayList<>();
        new java.util.TreeMap<>(catalogue(workspace)).forEach((k, v) -> arguments.addAll(List.of("--set", k + "=" + v)));
        return arguments;
    }

    static LongplayRuntime start(Path workspace) throws Exception {
        return start(workspace, Map.of());
    }

    static DataSource catalog(LongplayRuntime runtime) {
        return runtime.context().getRegistry().lookupByNameAndType(LongplayRuntime.CATALOG_BEAN, DataSource.class);
    }

    static long count(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<String> strings(DataSource dataSource, String sql) throws SQLException {
        List<String> values = new java.util.ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    static List<Long> longs(DataSource dataSource, String sql) throws SQLException {
        return strings(dataSource, sql).stream().map(Long::valueOf).toList();
    }

    static long sqliteCount(Path database, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
                Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void sqlite(Path database, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.executeUpdate(sql);
            }
        }
    }

    static Path fixtureCase(String name) {
        Path dir = HOME.resolve("fixtures").resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("missing fixture case " + dir);
        }
        return dir;
    }

    /** A copy of a workspace (closed), file by file, and of its PostgreSQL database where it has one. */
    static Path copy(Path from, Path to) throws java.io.IOException {
        String database = DATABASES.get(from.toAbsolutePath().normalize());
        if (database != null) {
            try {
                DATABASES.put(to.toAbsolutePath().normalize(), PostgresServer.shared().copyDatabase(database));
            } catch (SQLException e) {
                throw new java.io.IOException("cannot copy the database of " + from + ": " + e.getMessage(), e);
            }
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (java.nio.file.Files.isDirectory(p)) {
                    java.nio.file.Files.createDirectories(target);
                } else {
                    java.nio.file.Files.copy(p, target);
                }
            }
        }
        return to;
    }

    /**
     * `longplay <args>` in its own JVM, as an operator runs it; stdout and stderr to the given files. The
     * workspace's catalogue settings ({@link #catalogue}) are added after the arguments.
     */
    static Process longplayProcess(Path stdout, Path stderr, String... args) throws java.io.IOException {
        return longplayProcess(stdout, stderr, Map.of(), args);
    }

    /** {@link #longplayProcess(Path, Path, String...)} with {@code environment} added to the process's environment. */
    static Process longplayProcess(Path stdout, Path stderr, Map<String, String> environment, String... args) throws java.io.IOException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dlongplay.home=" + HOME, "-cp", System.getProperty("java.class.path"), "org.longplay.launcher.LongplayCli"));
        command.addAll(List.of(args));
        List<String> arguments = List.of(args);
        int workspace = arguments.indexOf("--workspace");
        if (workspace >= 0 && !String.join(" ", arguments).contains("longplay.catalog.url=")) {
            command.addAll(catalogueArguments(Path.of(arguments.get(workspace + 1))));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Imports {@code metadata} (which must import cleanly) and plans, in {@code runtime}'s workspace. */
    static void importAndPlan(LongplayRuntime runtime, Path metadata) {
        org.apache.camel.Exchange imported = runtime.request("direct:import",
                java.util.Map.of(org.longplay.camel.Headers.METADATA, metadata.toString()));
        org.junit.jupiter.api.Assertions.assertNull(imported.getMessage().getHeader(org.longplay.camel.Headers.EXIT_CODE),
                "import of " + metadata);
        runtime.request("direct:plan", java.util.Map.of());
    }
}
