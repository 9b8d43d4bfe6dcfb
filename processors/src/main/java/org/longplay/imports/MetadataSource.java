package org.longplay.imports;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.longplay.process.FreeSpace;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * A source SQLite file opened read-only and checked against what the import needs. A zstd-compressed
 * file is stream-decompressed into the workspace first and removed on close.
 */
public final class MetadataSource implements AutoCloseable {

    private static final byte[] ZSTD_MAGIC = {(byte) 0x28, (byte) 0xB5, (byte) 0x2F, (byte) 0xFD};

    private final Path file;
    private final Path database;
    private final Path decompressed;
    private final Connection connection;
    private final Map<String, Set<String>> columnsByTable;

    private MetadataSource(Path file, Path database, Path decompressed, Connection connection, Map<String, Set<String>> columnsByTable) {
        this.file = file;
        this.database = database;
        this.decompressed = decompressed;
        this.connection = connection;
        this.columnsByTable = columnsByTable;
    }

    /**
     * Opens {@code file}, decompressing into {@code scratchDir} when it is zstd (stopping while
     * {@code freeSpaceReserve} bytes are still free there), and checks that every table of {@code tables}
     * exists with its columns.
     *
     * @throws InvalidSourceException naming the file and everything missing from it
     */
    public static MetadataSource open(Path file, Path scratchDir, long freeSpaceReserve, List<SourceTable> tables)
            throws InvalidSourceException, IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidSourceException(file + ": no such file");
        }
        Path decompressed = isZstd(file) ? decompress(file, scratchDir, freeSpaceReserve) : null;
        Path database = decompressed != null ? decompressed : file;
        Connection connection = null;
        try {
            connection = openReadOnly(database, file);
            Map<String, Set<String>> columns = readColumns(connection, file);
            MetadataSource source = new MetadataSource(file, database, decompressed, connection, columns);
            source.requireTables(tables);
            return source;
        } catch (InvalidSourceException | RuntimeException e) {
            closeQuietly(connection);
            deleteQuietly(decompressed);
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /** Rows in a source table, for progress. */
    public long rowCount(String table) throws InvalidSourceException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM \"" + table + "\"")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw unreadable(table, "", e);
        }
    }

    /**
     * A table that fails while it is read (a corrupt page, a read error) is bad input, not a crash. Each
     * table is imported on its own and an import changes only the rows that differ, so the catalogue keeps
     * what was imported before the failure, and importing a good copy of the file completes it.
     *
     * @param where where in the table reading stopped ({@code ""}, or e.g. {@code " after 1,000 rows"})
     */
    public InvalidSourceException unreadable(String table, String where, SQLException e) {
        return new InvalidSourceException(file + ": table " + table + " cannot be read" + where + " (" + e.getMessage()
                + "); the catalogue keeps the rows imported before it: import a good copy of the file to complete it", e);
    }

    /** Another read-only connection to the same source, for a thread of its own. */
    public Connection openConnection() throws InvalidSourceException {
        return openReadOnly(database, file);
    }

    /** Whether the source table has the column (case-insensitive, as SQLite resolves names). */
    public boolean hasColumn(String table, String column) {
        return columnsByTable.getOrDefault(table.toLowerCase(Locale.ROOT), Set.of()).contains(column.toLowerCase(Locale.ROOT));
    }

    private void requireTables(List<SourceTable> tables) throws InvalidSourceException {
        List<String> missing = new ArrayList<>();
        for (SourceTable table : tables) {
            Set<String> columns = columnsByTable.get(table.source().toLowerCase(Locale.ROOT));
            if (columns == null) {
                missing.add("table " + table.source());
                continue;
            }
            for (SourceColumn column : table.columns()) {
                boolean optional = table.toleratesMissingColumns() && !column.required();
                if (!optional && !columns.contains(column.name().toLowerCase(Locale.ROOT))) {
                    missing.add("column " + table.source() + "." + column.name());
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidSourceException(file + ": not a spotify_clean metadata file, missing " + String.join(", ", missing));
        }
    }

    private static boolean isZstd(Path file) throws IOException {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, 4);
            return n == 4 && java.util.Arrays.equals(head, ZSTD_MAGIC);
        }
    }

    /** Free space is checked before each run of this many decompressed bytes is written. */
    private static final int SPACE_CHECK_BYTES = 8 << 20;

    /**
     * Streams the zstd data into {@code scratchDir}. The decompressed size is known only as it grows (a
     * stream's frame need not declare it, and a file can decompress to any size), so before each
     * {@link #SPACE_CHECK_BYTES} the disk must keep {@code freeSpaceReserve} free after them; else the
     * partial copy is removed and the import refused with the figures, before the disk fills.
     */
    private static Path decompress(Path file, Path scratchDir, long freeSpaceReserve) throws IOException, InvalidSourceException {
        Files.createDirectories(scratchDir);
        String base = file.getFileName().toString().replaceFirst("\\.zst$", "");
        Path target = scratchDir.resolve(base + ".import");
        Path partial = scratchDir.resolve(base + ".import.partial");
        try (InputStream in = new ZstdInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
                OutputStream out = Files.newOutputStream(partial)) {
            byte[] buffer = new byte[1 << 16];
            long written = 0;
            long checkedThrough = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (written + n > checkedThrough) {
                    requireRoom(file, scratchDir, written, freeSpaceReserve);
                    checkedThrough = written + SPACE_CHECK_BYTES;
                }
                out.write(buffer, 0, n);
                written += n;
            }
        } catch (IOException | InvalidSourceException e) {
            deleteQuietly(partial);
            if (e.getClass() == IOException.class || e.getClass().getName().startsWith("com.github.luben")) {
                throw new InvalidSourceException(file + ": corrupt zstd data (" + e.getMessage() + ")", e);
            }
            throw e;
        }
        return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void requireRoom(Path file, Path scratchDir, long written, long freeSpaceReserve)
            throws IOException, InvalidSourceException {
        long free = FreeSpace.usable(scratchDir);
        if (free - SPACE_CHECK_BYTES < freeSpaceReserve) {
            throw new InvalidSourceException(String.format(Locale.ROOT, "%s: decompressing stopped at %,d bytes written to %s: "
                    + "%,d bytes free there, and writing on would go below longplay.import.free-space-reserve (%,d); nothing was imported. "
                    + "Free some space or set longplay.scratch-dir to a larger disk (the decompressed copy is removed after "
                    + "the import)", file, written, scratchDir, free, freeSpaceReserve));
        }
    }

    private static Connection openReadOnly(Path database, Path file) throws InvalidSourceException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        config.setCacheSize(-65536);
        try {
            return config.createConnection("jdbc:sqlite:" + database.toAbsolutePath());
        } catch (SQLException e) {
            throw new InvalidSourceException(file + ": not a SQLite database (" + e.getMessage() + ")", e);
        }
    }

    private static Map<String, Set<String>> readColumns(Connection connection, Path file) throws InvalidSourceException {
        Map<String, Set<String>> columns = new HashMap<>();
        try (Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                Set<String> names = new HashSet<>();
                try (ResultSet rs = statement.executeQuery("PRAGMA table_info(\"" + table.replace("\"", "\"\"") + "\")")) {
                    while (rs.next()) {
                        names.add(rs.getString("name").toLowerCase(Locale.ROOT));
                    }
                }
                columns.put(table.toLowerCase(Locale.ROOT), names);
            }
            return columns;
        } catch (SQLException e) {
            throw new InvalidSourceException(file + ": not a SQLite database (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {
        closeQuietly(connection);
        deleteQuietly(decompressed);
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // read-only: nothing to lose
            }
        }
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a leftover scratch file is overwritten by the next import
            }
        }
    }
}
