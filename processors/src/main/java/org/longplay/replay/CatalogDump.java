package org.longplay.replay;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;
import org.longplay.catalog.CatalogStatus;

/**
 * Writes catalog tables as sorted CSV, one file per table, for golden-file comparison. Columns
 * that record when something happened are left out: they differ on every run.
 */
public final class CatalogDump {

    /** Columns that hold wall-clock times of the run itself. */
    private static final Set<String> VOLATILE = Set.of("rejects.rejected_at", "track_files.fetched_at",
            "track_files.archive_modified_at");

    /**
     * Columns of a re-encoded track that describe the encoder's bytes: they depend on the libopus
     * build, so the golden files record only that they are set.
     */
    private static final Set<String> ENCODER_OUTPUT = Set.of("sha256_with_embedded_meta", "filesize_bytes");

    private CatalogDump() {
    }

    public static List<Path> write(DataSource dataSource, Path dir) throws SQLException, IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String table : CatalogStatus.TABLES) {
                Path file = dir.resolve(table + ".csv");
                writeTable(statement, table, file);
                files.add(file);
            }
        }
        return files;
    }

    private static void writeTable(Statement statement, String table, Path file) throws SQLException, IOException {
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                String column = meta.getColumnLabel(i).toLowerCase(Locale.ROOT);
                if (!VOLATILE.contains(table + "." + column)) {
                    columns.add(column);
                }
            }
        }
        List<String> lines = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("SELECT " + String.join(", ", columns) + " FROM " + table)) {
            while (rs.next()) {
                List<String> fields = new ArrayList<>();
                boolean encoderOutput = table.equals("track_files") && "success".equals(rs.getString("status"))
                        && rs.getObject("reencoded_kbit_vbr") != null;
                for (int i = 1; i <= columns.size(); i++) {
                    boolean masked = encoderOutput && ENCODER_OUTPUT.contains(columns.get(i - 1));
                    fields.add(masked ? "(encoder output)" : field(rs.getObject(i)));
                }
                lines.add(String.join(",", fields));
            }
        }
        lines.sort(null);
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            out.write(String.join(",", columns));
            out.write('\n');
            for (String line : lines) {
                out.write(line);
                out.write('\n');
            }
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * RFC 4180 quoting; NULL is an empty field, the empty string is {@code ""}. Control characters
     * are written as {@code \xNN} (and a backslash as {@code \\}), so golden files with hostile text
     * stay one line per row and readable in a diff.
     */
    static String field(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof byte[] bytes) {
            return java.util.HexFormat.of().formatHex(bytes);
        }
        String text = escapeControls(value.toString());
        boolean quote = text.isEmpty() || text.chars().anyMatch(c -> c == ',' || c == '"')
                || !text.strip().equals(text);
        return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    /** Control characters as {@code \\xNN} and a backslash as {@code \\\\}: one line per value, readable in a diff. */
    static String escapeControls(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = Character.getType(c) == Character.CONTROL;
            if (control || c == '\\') {
                if (out == null) {
                    out = new StringBuilder(text.length() + 8).append(text, 0, i);
                }
                out.append(control ? String.format("\\x%02X", (int) c) : "\\\\");
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
