package org.longplay.imports;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code rejects} table: one row per refused source row, keyed by source table and rowid, so
 * the same file imported twice records nothing new, and a row that a newer file fixed is forgotten.
 */
final class RejectLog {

    record Reject(long sourceRowid, String reason) {
    }

    private static final int REASON_LIMIT = 4000;

    private final Connection catalog;
    private final long rejectedAt;

    RejectLog(Connection catalog, long rejectedAt) {
        this.catalog = catalog;
        this.rejectedAt = rejectedAt;
    }

    void record(String sourceTable, List<Reject> rejects) throws SQLException {
        if (rejects.isEmpty()) {
            return;
        }
        try (PreparedStatement merge = catalog.prepareStatement(
                "MERGE INTO rejects t USING (VALUES (CAST(? AS VARCHAR(64)), CAST(? AS BIGINT), CAST(? AS VARCHAR(4000)), CAST(? AS BIGINT)))"
                        + " AS s (source_table, source_rowid, reason, rejected_at)"
                        + " ON t.source_table = s.source_table AND t.source_rowid = s.source_rowid"
                        + " WHEN MATCHED AND t.reason <> s.reason THEN UPDATE SET reason = s.reason, rejected_at = s.rejected_at"
                        + " WHEN NOT MATCHED THEN INSERT (source_table, source_rowid, reason, rejected_at)"
                        + " VALUES (s.source_table, s.source_rowid, s.reason, s.rejected_at)")) {
            for (Reject reject : rejects) {
                String reason = reject.reason().length() > REASON_LIMIT ? reject.reason().substring(0, REASON_LIMIT) : reject.reason();
                merge.setString(1, sourceTable);
                merge.setLong(2, reject.sourceRowid());
                merge.setString(3, reason);
                merge.setLong(4, rejectedAt);
                merge.addBatch();
            }
            merge.executeBatch();
        }
    }

    /** Removes earlier rejects of {@code sourceTable} that this import no longer rejected. */
    void forgetOthers(String sourceTable, RowidSet rejectedNow) throws SQLException {
        List<Long> stale = new ArrayList<>();
        try (PreparedStatement query = catalog.prepareStatement("SELECT source_rowid FROM rejects WHERE source_table = ?")) {
            query.setString(1, sourceTable);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    if (!rejectedNow.contains(rs.getLong(1))) {
                        stale.add(rs.getLong(1));
                    }
                }
            }
        }
        if (stale.isEmpty()) {
            return; // HSQLDB refuses an empty batch
        }
        try (PreparedStatement delete = catalog.prepareStatement("DELETE FROM rejects WHERE source_table = ? AND source_rowid = ?")) {
            for (long rowid : stale) {
                delete.setString(1, sourceTable);
                delete.setLong(2, rowid);
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }
}
