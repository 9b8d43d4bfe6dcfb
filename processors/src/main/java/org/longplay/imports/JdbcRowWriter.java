package org.longplay.imports;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.longplay.catalog.TargetColumns;

/**
 * Rows as JDBC batches of one INSERT (empty table) or MERGE (filled table) each: what HSQLDB's disk tables
 * take fastest, appended in key order with only their primary keys. A refused row is found by the batch's
 * update counts; the rows after it are sent again.
 */
final class JdbcRowWriter extends RowWriter {
    private final PreparedStatement write;

    JdbcRowWriter(SourceTable table, Connection catalog, TargetColumns targetColumns, boolean empty) throws SQLException {
        super(table, catalog);
        this.write = catalog.prepareStatement(empty ? insertSql() : mergeOneRowSql(targetColumns));
    }

    @Override
    boolean commitsEachBatch() {
        return true; // no lock on rejects outlives a batch, so tables load side by side
    }

    @Override
    long[] write(List<Object[]> rows, List<Long> sourceRowids, List<RejectLog.Reject> rejects) throws SQLException {
        long written = 0;
        long unchanged = 0;
        int from = 0;
        while (from < rows.size()) {
            int added = 0;
            for (int i = from; i < rows.size(); i++) {
                Object[] row = rows.get(i);
                if (row != null) {
                    bind(write, row);
                    write.addBatch();
                    added++;
                }
            }
            if (added == 0) {
                break;
            }
            int[] counts;
            int failed = -1;
            try {
                counts = write.executeBatch();
            } catch (BatchUpdateException e) {
                write.clearBatch();
                counts = e.getUpdateCounts() == null ? new int[0] : e.getUpdateCounts();
                failed = nthPresent(rows, from, counts.length);
                rejects.add(new RejectLog.Reject(sourceRowids.get(failed), "catalog refused the row: " + e.getMessage()));
                rows.set(failed, null);
            }
            for (int count : counts) {
                if (count == 0) {
                    unchanged++;
                } else {
                    written++;
                }
            }
            if (failed < 0) {
                break;
            }
            from = failed + 1;
        }
        return new long[] {written, unchanged};
    }

    private static int nthPresent(List<Object[]> rows, int from, int n) {
        int seen = 0;
        for (int i = from; i < rows.size(); i++) {
            if (rows.get(i) != null) {
                if (seen == n) {
                    return i;
                }
                seen++;
            }
        }
        throw new IllegalStateException("batch failure past its end");
    }

    @Override
    public void close() throws SQLException {
        write.close();
    }
}
