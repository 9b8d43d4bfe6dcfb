package org.longplay.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds {@code <track_id>.ogg} at any depth under the originals folder and records it in the
 * catalogue's {@code originals} table, so that the claim of a track finds its file by primary key
 * instead of holding the whole tree in memory. Paths are recorded relative to the folder, so that workers
 * on other machines, which mount it elsewhere, find the same files. When two files carry the same id, the
 * smaller path (by its string) wins, whatever order the file system lists them in.
 */
public final class OriginalsIndex {
    private static final Logger LOG = LoggerFactory.getLogger(OriginalsIndex.class);
    private static final Pattern NAME = Pattern.compile("[0-9A-Za-z]{22}\\.ogg");
    private static final int BATCH = 5_000;
    private static final String UPSERT = """
            MERGE INTO originals o USING (VALUES (CAST(? AS VARCHAR(22)), CAST(? AS VARCHAR(32000)), CAST(? AS BIGINT), CAST(? AS BIGINT)))
              AS s (track_id, path, size, seen_at) ON o.track_id = s.track_id
            WHEN MATCHED AND (o.seen_at < s.seen_at OR s.path < o.path) THEN UPDATE SET path = s.path, size = s.size, seen_at = s.seen_at
            WHEN NOT MATCHED THEN INSERT (track_id, path, size, seen_at) VALUES (s.track_id, s.path, s.size, s.seen_at)""";

    /** Files seen, and folders or files that could not be read (each logged). */
    public record Summary(long files, long unreadable) {
    }

    private final DataSource catalog;

    public OriginalsIndex(DataSource catalog) {
        this.catalog = catalog;
    }

    /** Walks {@code root}; rows not seen in this walk are dropped. */
    public Summary refresh(Path root) throws IOException, SQLException {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("originals folder does not exist: " + root);
        }
        long seenAt = System.currentTimeMillis();
        Path folder = root.toAbsolutePath().normalize();
        long[] counts = new long[3]; // files, unreadable, rows batched and not yet sent
        try (Connection connection = catalog.getConnection(); PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            connection.setAutoCommit(false);
            try {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        String name = file.getFileName().toString();
                        // a link is recorded too, so that its track fails naming it (TrackInputs), not as "no file"
                        if ((attrs.isRegularFile() || attrs.isSymbolicLink()) && NAME.matcher(name).matches()) {
                            try {
                                upsert.setString(1, name.substring(0, 22));
                                upsert.setString(2, folder.relativize(file.toAbsolutePath().normalize()).toString());
                                upsert.setLong(3, attrs.size());
                                upsert.setLong(4, seenAt);
                                upsert.addBatch();
                                counts[0]++;
                                if (++counts[2] == BATCH) {
                                    upsert.executeBatch();
                                    connection.commit();
                                    counts[2] = 0;
                                }
                            } catch (SQLException e) {
                                throw new IOException(e);
                            }
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        LOG.warn("cannot read {} under the originals: {}", file, e.getMessage());
                        counts[1]++;
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                throw e;
            }
            if (counts[2] > 0) {
                upsert.executeBatch(); // HSQLDB refuses an empty batch
            }
            try (PreparedStatement stale = connection.prepareStatement("DELETE FROM originals WHERE seen_at < ?")) {
                stale.setLong(1, seenAt);
                stale.executeUpdate();
            }
            connection.commit();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new Summary(counts[0], counts[1]);
    }
}
