package org.longplay.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides that a finished track is really finished: {@code success} in the catalogue, and its file
 * under {@code archive/} exists with the recorded hash (its patch too, for originals kept). Like
 * git's index, an unchanged size and modification time vouch for the recorded hash without reading
 * the file; a changed time makes it read and hash the file; {@code rehash} reads every file. A track
 * that fails the check goes back to {@code todo} with the reason.
 */
public final class FinishedCheck {
    private static final Logger LOG = LoggerFactory.getLogger(FinishedCheck.class);
    private static final int BATCH = 2_000;
    private static final String FINISHED = """
            SELECT rowid, track_id, filename, filesize_bytes, archive_modified_at, sha256_with_embedded_meta, reencoded_kbit_vbr,
              fetched_at
            FROM track_files WHERE rowid > ? AND status = 'success' ORDER BY rowid FETCH FIRST %d ROWS ONLY""".formatted(BATCH);

    /** Finished tracks checked, and how many went back to the queue. */
    public record Summary(long checked, long requeued) {
    }

    private final DataSource catalog;
    private final Path archive;
    private final Path patches;
    private final boolean rehash;
    private final long rehashSince;

    /**
     * {@code rehashSince}: tracks processed at or after this time (epoch ms) are read and hashed
     * whatever their size and time say: the run that wrote them did not end cleanly, and after a
     * power cut a file can keep its size and time but not its data. {@code Long.MAX_VALUE} for none.
     */
    public FinishedCheck(DataSource catalog, Path archive, Path patches, boolean rehash, long rehashSince) {
        this.catalog = catalog;
        this.archive = archive;
        this.patches = patches;
        this.rehash = rehash;
        this.rehashSince = rehashSince;
    }

    public Summary run() throws SQLException, IOException {
        long checked = 0;
        long requeued = 0;
        try (Connection connection = catalog.getConnection();
                PreparedStatement finished = connection.prepareStatement(FINISHED);
                PreparedStatement requeue = connection.prepareStatement(
                        "UPDATE track_files SET status = 'todo', status_reason = ? WHERE rowid = ?");
                PreparedStatement touch = connection.prepareStatement(
                        "UPDATE track_files SET archive_modified_at = ? WHERE rowid = ?")) {
            connection.setAutoCommit(false);
            long after = Long.MIN_VALUE;
            while (true) {
                int rows = 0;
                finished.setLong(1, after);
                try (ResultSet rs = finished.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        after = rs.getLong(1);
                        checked++;
                        String problem = problem(rs, touch);
                        if (problem != null) {
                            LOG.warn("track {} was finished but {}: processing it again", rs.getString(2), problem);
                            requeue.setString(1, "processed again: " + problem);
                            requeue.setLong(2, after);
                            requeue.executeUpdate();
                            requeued++;
                        }
                    }
                }
                connection.commit();
                if (rows < BATCH) {
                    return new Summary(checked, requeued);
                }
            }
        }
    }

    /** Why the finished track is not intact, or null when it is. */
    private String problem(ResultSet rs, PreparedStatement touch) throws SQLException, IOException {
        String filename = rs.getString(3);
        if (filename == null) {
            return "no file name is recorded";
        }
        Path file = archive.resolve(filename);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return "archive/" + filename + " is missing";
        }
        if (attrs.size() != rs.getLong(4)) {
            return "archive/" + filename + " has " + attrs.size() + " bytes, not the recorded " + rs.getLong(4);
        }
        long modified = attrs.lastModifiedTime().toMillis();
        if (rehash || modified != rs.getLong(5) || rs.getLong(8) >= rehashSince) {
            if (!Sha256.hex(file).equals(rs.getString(6))) {
                return "archive/" + filename + " no longer has the recorded SHA-256";
            }
            touch.setLong(1, modified);
            touch.setLong(2, rs.getLong(1));
            touch.executeUpdate();
        }
        rs.getInt(7);
        if (rs.wasNull()) { // kept in original quality: the patch belongs to the result
            Path patch = patches.resolve(rs.getString(2) + ".zstdpatch");
            if (!Files.isRegularFile(patch) || Files.size(patch) == 0) {
                return "patches/" + patch.getFileName() + " is missing";
            }
        }
        return null;
    }
}
