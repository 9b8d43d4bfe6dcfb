package org.longplay.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * A fixture case folder: the inputs, and {@code expected/} with the golden outputs. Metadata may be
 * committed as SQL text ({@code spotify_clean.sql}, reviewable by hand) or as a SQLite file, plain or
 * zstd-compressed; SQL text is turned into a SQLite file in the replay's scratch folder.
 */
public final class ReplayCase {

    private static final List<String> METADATA_NAMES = List.of("spotify_clean.sqlite3", "spotify_clean.sqlite3.zst", "spotify_clean.sql");
    private static final List<String> FEATURES_NAMES = List.of("spotify_clean_audio_features.sqlite3",
            "spotify_clean_audio_features.sqlite3.zst", "spotify_clean_audio_features.sql");

    private final Path dir;

    public ReplayCase(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path expectedDir() {
        return dir.resolve("expected");
    }

    /** The case's originals folder, when it has audio to process. */
    public Optional<Path> originalsDir() {
        return Optional.of(dir.resolve("originals")).filter(Files::isDirectory);
    }

    /** The case's covers folder, if any. */
    public Optional<Path> coversDir() {
        return Optional.of(dir.resolve("covers")).filter(Files::isDirectory);
    }

    public Path metadataFile(Path scratchDir) throws IOException, SQLException {
        return input(METADATA_NAMES, scratchDir)
                .orElseThrow(() -> new IOException(dir + ": no metadata input (one of " + METADATA_NAMES + ")"));
    }

    public Optional<Path> audioFeaturesFile(Path scratchDir) throws IOException, SQLException {
        return input(FEATURES_NAMES, scratchDir);
    }

    private Optional<Path> input(List<String> names, Path scratchDir) throws IOException, SQLException {
        for (String name : names) {
            Path file = dir.resolve(name);
            if (Files.isRegularFile(file)) {
                return Optional.of(name.endsWith(".sql") ? sqlToSqlite(file, scratchDir) : file);
            }
        }
        return Optional.empty();
    }

    private static final java.util.regex.Pattern INCLUDE = java.util.regex.Pattern.compile("^-- include: (\\S+)\\s*$");

    /**
     * The script's text with each {@code -- include: PATH} line (relative to the script's folder)
     * replaced by that file's text, so cases share a schema or build on another case's data.
     */
    static String withIncludes(Path script, int depth) throws IOException {
        if (depth > 8) {
            throw new IOException(script + ": includes nested deeper than 8 (a cycle?)");
        }
        StringBuilder text = new StringBuilder();
        for (String line : Files.readAllLines(script, StandardCharsets.UTF_8)) {
            java.util.regex.Matcher include = INCLUDE.matcher(line);
            text.append(include.matches() ? withIncludes(script.getParent().resolve(include.group(1)).normalize(), depth + 1) : line)
                    .append('\n');
        }
        return text.toString();
    }

    /** Runs a SQL script into a new SQLite file (the statements are executed by SQLite itself), includes resolved. */
    static Path sqlToSqlite(Path script, Path scratchDir) throws IOException, SQLException {
        Files.createDirectories(scratchDir);
        String base = script.getFileName().toString().replaceFirst("\\.sql$", "");
        Path database = scratchDir.resolve(base + ".sqlite3");
        Path partial = scratchDir.resolve(base + ".sqlite3.partial");
        Files.deleteIfExists(partial);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + partial.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(withIncludes(script, 0));
        }
        return Files.move(partial, database, StandardCopyOption.REPLACE_EXISTING);
    }
}
