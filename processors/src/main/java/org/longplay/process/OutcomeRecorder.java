package org.longplay.process;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.longplay.catalog.CatalogRetry;

/**
 * Writes a track's result to {@code track_files}, only after its files are in place: a track is never
 * {@code success} without its outputs, and a crash before this leaves it {@code todo}. The result and the
 * queue row's removal are one transaction, and only while the row is still this worker's claim and the track
 * still {@code todo}: a worker whose lease ended (and whose track another worker took) or whose track was
 * planned again meanwhile records nothing, so no track is ever recorded twice or from a stale plan. Each
 * record is retried while the database is away ({@link CatalogRetry}), safely: it checks what it changes.
 */
public final class OutcomeRecorder {
    private static final String SUCCESS = """
            UPDATE track_files SET status = 'success', status_reason = NULL, filename = ?, fetched_at = ?,
              sha256_original = ?, sha256_with_embedded_meta = ?, filesize_bytes = ?, prefixed_ogg_packet = ?,
              archive_modified_at = ?, reencoded_kbit_vbr = ?
            WHERE rowid = ? AND status = 'todo'""";
    private static final String FAILURE = """
            UPDATE track_files SET status = ?, status_reason = ?, filename = NULL, fetched_at = ?,
              sha256_original = NULL, sha256_with_embedded_meta = NULL, filesize_bytes = NULL, prefixed_ogg_packet = NULL,
              archive_modified_at = NULL
            WHERE rowid = ? AND status = 'todo'""";
    /** A failure that says nothing about the input (a disk error, a bug): the track stays todo and is tried again next run. */
    private static final String RETRY = "UPDATE track_files SET status_reason = ? WHERE rowid = ? AND status = 'todo'";
    private static final String UNQUEUE = "DELETE FROM work_queue WHERE work_order = ? AND track_rowid = ? AND claimed_by = ?";
    /** What the catalogue holds for a track whose record could not be made: was it this very record, made before? */
    private static final String RECORDED = "SELECT status, sha256_with_embedded_meta, status_reason FROM track_files WHERE rowid = ?";

    /** What became of a record. */
    public enum Recorded {
        /** the track's outcome is now in the catalogue */
        RECORDED,
        /** this worker's claim had ended and another worker took the track: it will record it */
        CLAIM_LOST,
        /** the track is no longer todo (planned again meanwhile): nothing recorded */
        NOT_TODO
    }

    @FunctionalInterface
    private interface Change {
        int apply(Connection connection) throws SQLException;
    }

    private final DataSource catalog;
    private final ProcessSettings settings;
    private final String workerId;
    private final CatalogRetry retry;

    public OutcomeRecorder(DataSource catalog, ProcessSettings settings, String workerId, CatalogRetry retry) {
        this.catalog = catalog;
        this.settings = settings;
        this.workerId = workerId;
        this.retry = retry;
    }

    public Recorded success(TrackOutcome o) throws SQLException {
        return record(o.rowid(), o.workOrder(), "success", o.sha256Distributed(), connection -> {
            try (PreparedStatement s = connection.prepareStatement(SUCCESS)) {
                s.setString(1, o.filename());
                s.setLong(2, o.processedAt());
                s.setString(3, o.sha256Original());
                s.setString(4, o.sha256Distributed());
                s.setLong(5, o.distributedSize());
                s.setBytes(6, o.prefix());
                s.setLong(7, o.modifiedAt());
                s.setObject(8, o.reencodedKbit(), java.sql.Types.INTEGER);
                s.setLong(9, o.rowid());
                return s.executeUpdate();
            }
        });
    }

    public Recorded failure(WorkItem item, TrackFailure failure) throws SQLException {
        String reason = clip(failure.getMessage());
        return record(item.rowid(), item.workOrder(), failure.status(), null, connection -> {
            try (PreparedStatement s = connection.prepareStatement(FAILURE)) {
                s.setString(1, failure.status());
                s.setString(2, reason);
                s.setLong(3, settings.processedAt());
                s.setLong(4, item.rowid());
                return s.executeUpdate();
            }
        });
    }

    /** The track stays todo with the reason, and leaves this run's queue: the next run tries it again. */
    public Recorded retryLater(WorkItem item, String reason) throws SQLException {
        String clipped = clip(reason);
        return record(item.rowid(), item.workOrder(), "todo", null, connection -> {
            try (PreparedStatement s = connection.prepareStatement(RETRY)) {
                s.setString(1, clipped);
                s.setLong(2, item.rowid());
                return s.executeUpdate();
            }
        });
    }

    /**
     * One transaction: the queue row leaves (if still this worker's claim), then {@code change} (if the track is
     * still todo). A retry after a lost connection finds its own earlier commit by the status it set.
     */
    private Recorded record(long rowid, long workOrder, String status, String sha256, Change change) throws SQLException {
        return retry.call("recording a track's outcome", () -> {
            try (Connection connection = catalog.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    int unqueued;
                    try (PreparedStatement s = connection.prepareStatement(UNQUEUE)) {
                        s.setLong(1, workOrder);
                        s.setLong(2, rowid);
                        s.setString(3, workerId);
                        unqueued = s.executeUpdate();
                    }
                    if (unqueued == 0) {
                        connection.rollback();
                        return alreadyRecorded(connection, rowid, status, sha256) ? Recorded.RECORDED : Recorded.CLAIM_LOST;
                    }
                    if (change.apply(connection) == 0) {
                        connection.rollback();
                        return Recorded.NOT_TODO;
                    }
                    connection.commit();
                    return Recorded.RECORDED;
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            }
        });
    }

    /** Whether the catalogue already holds this outcome: a commit whose answer the lost connection swallowed. */
    private static boolean alreadyRecorded(Connection connection, long rowid, String status, String sha256) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(RECORDED)) {
            s.setLong(1, rowid);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && status.equals(rs.getString(1)) && (sha256 == null || sha256.equals(rs.getString(2)));
            }
        }
    }

    private static String clip(String reason) {
        String r = reason == null ? "unknown error" : reason;
        return r.length() <= 4000 ? r : r.substring(0, 3997) + "...";
    }
}
