package org.longplay.process;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.longplay.catalog.CatalogDialect;
import org.longplay.catalog.CatalogRetry;

/**
 * Writes a track's result to {@code track_files}, only after its files are in place: a track is never
 * {@code success} without its outputs, and a crash before this leaves it {@code todo}. The result and the
 * queue row's removal are one transaction, and only while the row is still this worker's claim and the track
 * still {@code todo}: a worker whose lease ended (and whose track another worker took) or whose track was
 * planned again meanwhile records nothing, so no track is ever recorded twice or from a stale plan. Where the
 * engine allows, the transaction is one statement (the removal in a WITH), one round trip; else three. Each
 * record is retried while the database is away ({@link CatalogRetry}), safely: it checks what it changes.
 */
public final class OutcomeRecorder {
    private static final String SUCCESS = "status = 'success', status_reason = NULL, filename = ?, fetched_at = ?,"
            + " sha256_original = ?, sha256_with_embedded_meta = ?, filesize_bytes = ?, prefixed_ogg_packet = ?,"
            + " archive_modified_at = ?, reencoded_kbit_vbr = ?";
    private static final String FAILURE = "status = ?, status_reason = ?, filename = NULL, fetched_at = ?, sha256_original = NULL,"
            + " sha256_with_embedded_meta = NULL, filesize_bytes = NULL, prefixed_ogg_packet = NULL, archive_modified_at = NULL";
    /** A failure that says nothing about the input (a disk error, a bug): the track stays todo and is tried again next run. */
    private static final String RETRY = "status_reason = ?";
    private static final String UNQUEUE = "DELETE FROM work_queue WHERE work_order = ? AND track_rowid = ? AND claimed_by = ?";
    /** What the catalogue holds for a track whose record could not be made: was it this very record, made before? */
    private static final String RECORDED = "SELECT status, sha256_with_embedded_meta FROM track_files WHERE rowid = ?";

    /** What became of a record. */
    public enum Recorded {
        /** the track's outcome is now in the catalogue */
        RECORDED,
        /** this worker's claim had ended and another worker took the track: it will record it */
        CLAIM_LOST,
        /** the track is no longer todo (planned again meanwhile): nothing recorded */
        NOT_TODO
    }

    /** Binds the parameters of a change's SET clause from index {@code first}; returns the next index. */
    @FunctionalInterface
    private interface SetParameters {
        int bind(PreparedStatement statement, int first) throws SQLException;
    }

    private final DataSource catalog;
    private final ProcessSettings settings;
    private final String workerId;
    private final CatalogRetry retry;
    private final boolean oneStatement;

    public OutcomeRecorder(DataSource catalog, ProcessSettings settings, String workerId, CatalogRetry retry) throws SQLException {
        this.catalog = catalog;
        this.settings = settings;
        this.workerId = workerId;
        this.retry = retry;
        this.oneStatement = CatalogDialect.of(catalog).returningDml();
    }

    public Recorded success(TrackOutcome o) throws SQLException {
        return record(o.rowid(), o.workOrder(), "success", o.sha256Distributed(), SUCCESS, (s, i) -> {
            s.setString(i, o.filename());
            s.setLong(i + 1, o.processedAt());
            s.setString(i + 2, o.sha256Original());
            s.setString(i + 3, o.sha256Distributed());
            s.setLong(i + 4, o.distributedSize());
            s.setBytes(i + 5, o.prefix());
            s.setLong(i + 6, o.modifiedAt());
            s.setObject(i + 7, o.reencodedKbit(), java.sql.Types.INTEGER);
            return i + 8;
        });
    }

    public Recorded failure(WorkItem item, TrackFailure failure) throws SQLException {
        String reason = clip(failure.getMessage());
        return record(item.rowid(), item.workOrder(), failure.status(), null, FAILURE, (s, i) -> {
            s.setString(i, failure.status());
            s.setString(i + 1, reason);
            s.setLong(i + 2, settings.processedAt());
            return i + 3;
        });
    }

    /** The track stays todo with the reason, and leaves this run's queue: the next run tries it again. */
    public Recorded retryLater(WorkItem item, String reason) throws SQLException {
        String clipped = clip(reason);
        return record(item.rowid(), item.workOrder(), "todo", null, RETRY, (s, i) -> {
            s.setString(i, clipped);
            return i + 1;
        });
    }

    /**
     * One transaction: the queue row leaves (if still this worker's claim), and the track changes by {@code set}
     * (if still todo). A retry after a lost connection finds its own earlier commit by the status it set.
     */
    private Recorded record(long rowid, long workOrder, String status, String sha256, String set, SetParameters parameters)
            throws SQLException {
        return retry.call("recording a track's outcome", () -> {
            try (Connection connection = catalog.getConnection()) {
                return oneStatement ? inOneStatement(connection, rowid, workOrder, status, sha256, set, parameters)
                        : inSteps(connection, rowid, workOrder, status, sha256, set, parameters);
            }
        });
    }

    private Recorded inOneStatement(Connection connection, long rowid, long workOrder, String status, String sha256, String set,
            SetParameters parameters) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("WITH claim AS (" + UNQUEUE + " RETURNING track_rowid)"
                + " UPDATE track_files SET " + set + " WHERE rowid = (SELECT track_rowid FROM claim) AND status = 'todo'")) {
            s.setLong(1, workOrder);
            s.setLong(2, rowid);
            s.setString(3, workerId);
            parameters.bind(s, 4);
            if (s.executeUpdate() == 1) {
                return Recorded.RECORDED;
            }
        }
        if (alreadyRecorded(connection, rowid, status, sha256)) {
            return Recorded.RECORDED;
        }
        return stillQueued(connection, workOrder, rowid) ? Recorded.CLAIM_LOST : Recorded.NOT_TODO;
    }

    private Recorded inSteps(Connection connection, long rowid, long workOrder, String status, String sha256, String set,
            SetParameters parameters) throws SQLException {
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
            try (PreparedStatement s = connection.prepareStatement("UPDATE track_files SET " + set + " WHERE rowid = ? AND status = 'todo'")) {
                s.setLong(parameters.bind(s, 1), rowid);
                if (s.executeUpdate() == 0) {
                    connection.rollback();
                    return Recorded.NOT_TODO;
                }
            }
            connection.commit();
            return Recorded.RECORDED;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
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

    /** Whether the queue still holds the row (another worker's claim now). */
    private static boolean stillQueued(Connection connection, long workOrder, long rowid) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT 1 FROM work_queue WHERE work_order = ? AND track_rowid = ?")) {
            s.setLong(1, workOrder);
            s.setLong(2, rowid);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String clip(String reason) {
        String r = reason == null ? "unknown error" : reason;
        return r.length() <= 4000 ? r : r.substring(0, 3997) + "...";
    }
}
