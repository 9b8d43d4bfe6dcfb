package org.longplay.process;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Writes a track's result to {@code track_files}, only after its files are in place: a track is
 * never {@code success} without its outputs, and a crash before this leaves it {@code todo}.
 */
public final class OutcomeRecorder {
    private static final String SUCCESS = """
            UPDATE track_files SET status = 'success', status_reason = NULL, filename = ?, fetched_at = ?,
              sha256_original = ?, sha256_with_embedded_meta = ?, filesize_bytes = ?, prefixed_ogg_packet = ?,
              archive_modified_at = ?, reencoded_kbit_vbr = ?
            WHERE rowid = ?""";
    private static final String FAILURE = """
            UPDATE track_files SET status = ?, status_reason = ?, filename = NULL, fetched_at = ?,
              sha256_original = NULL, sha256_with_embedded_meta = NULL, filesize_bytes = NULL, prefixed_ogg_packet = NULL,
              archive_modified_at = NULL
            WHERE rowid = ?""";
    /** A failure that says nothing about the input (a disk error, a bug): the track stays todo and is tried again. */
    private static final String RETRY = "UPDATE track_files SET status_reason = ? WHERE rowid = ?";

    private final DataSource catalog;
    private final ProcessSettings settings;

    public OutcomeRecorder(DataSource catalog, ProcessSettings settings) {
        this.catalog = catalog;
        this.settings = settings;
    }

    public void success(TrackOutcome o) throws SQLException {
        try (Connection connection = catalog.getConnection(); PreparedStatement s = connection.prepareStatement(SUCCESS)) {
            s.setString(1, o.filename());
            s.setLong(2, o.processedAt());
            s.setString(3, o.sha256Original());
            s.setString(4, o.sha256Distributed());
            s.setLong(5, o.distributedSize());
            s.setBytes(6, o.prefix());
            s.setLong(7, o.modifiedAt());
            s.setObject(8, o.reencodedKbit(), java.sql.Types.INTEGER);
            s.setLong(9, o.rowid());
            s.executeUpdate();
        }
    }

    public void failure(long rowid, TrackFailure failure) throws SQLException {
        try (Connection connection = catalog.getConnection(); PreparedStatement s = connection.prepareStatement(FAILURE)) {
            s.setString(1, failure.status());
            s.setString(2, clip(failure.getMessage()));
            s.setLong(3, settings.processedAt());
            s.setLong(4, rowid);
            s.executeUpdate();
        }
    }

    public void retryLater(long rowid, String reason) throws SQLException {
        try (Connection connection = catalog.getConnection(); PreparedStatement s = connection.prepareStatement(RETRY)) {
            s.setString(1, clip(reason));
            s.setLong(2, rowid);
            s.executeUpdate();
        }
    }

    private static String clip(String reason) {
        String r = reason == null ? "unknown error" : reason;
        return r.length() <= 4000 ? r : r.substring(0, 3997) + "...";
    }
}
