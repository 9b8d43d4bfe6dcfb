package org.longplay.imports;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.longplay.catalog.CatalogDialect;
import org.longplay.catalog.TargetColumns;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Rows through PostgreSQL's COPY, a batch per COPY. Into an empty table the whole table is one transaction:
 * its keys and indexes are dropped first and built once after the last row (then ANALYZE), which is several
 * times faster than maintaining them row by row, and a crash rolls all of it back, keys included. Into a
 * filled table each batch is copied into a temporary staging table and merged from there in one statement.
 * A batch the server refuses (a row no check here foresaw) is written again row by row, each under a
 * savepoint, so that only the refused row becomes a reject.
 */
final class CopyRowWriter extends RowWriter {
    private final boolean empty;
    private final String copyTarget;
    private final String mergeFromStage;
    private final TargetColumns targetColumns;
    private final List<String> restore = new ArrayList<>();
    private final CopyManager copy;

    CopyRowWriter(SourceTable table, Connection catalog, TargetColumns targetColumns, boolean empty) throws SQLException {
        super(table, catalog);
        this.empty = empty;
        this.targetColumns = targetColumns;
        this.copy = catalog.unwrap(PGConnection.class).getCopyAPI();
        if (empty) {
            restore.addAll(CatalogDialect.of(catalog).dropKeysForLoad(catalog, table.target()));
            copyTarget = table.target();
            mergeFromStage = null;
        } else {
            String stage = "import_stage_" + table.target();
            try (Statement s = catalog.createStatement()) {
                s.execute("CREATE TEMPORARY TABLE IF NOT EXISTS " + stage + " (LIKE " + table.target() + ") ON COMMIT DELETE ROWS");
            }
            copyTarget = stage;
            mergeFromStage = mergeSql(stage + " s");
        }
    }

    @Override
    boolean commitsEachBatch() {
        return !empty;
    }

    @Override
    long[] write(List<Object[]> rows, List<Long> sourceRowids, List<RejectLog.Reject> rejects) throws SQLException {
        long present = rows.stream().filter(r -> r != null).count();
        if (present == 0) {
            return new long[] {0, 0};
        }
        Savepoint before = catalog.setSavepoint();
        try {
            CopyIn in = copy.copyIn("COPY " + copyTarget + " (" + targetList("") + ") FROM STDIN");
            try {
                byte[] text = copyText(rows).getBytes(StandardCharsets.UTF_8);
                in.writeToCopy(text, 0, text.length);
                in.endCopy();
            } finally {
                if (in.isActive()) {
                    in.cancelCopy();
                }
            }
            long written = present;
            if (mergeFromStage != null) {
                try (Statement s = catalog.createStatement()) {
                    written = s.executeUpdate(mergeFromStage);
                    s.execute("TRUNCATE " + copyTarget);
                }
            }
            catalog.releaseSavepoint(before);
            return new long[] {written, present - written};
        } catch (SQLException e) {
            catalog.rollback(before);
            return oneByOne(rows, sourceRowids, rejects);
        }
    }

    /** The batch row by row, each under its own savepoint: the rows the server refuses become rejects. */
    private long[] oneByOne(List<Object[]> rows, List<Long> sourceRowids, List<RejectLog.Reject> rejects) throws SQLException {
        long written = 0;
        long unchanged = 0;
        try (PreparedStatement write = catalog.prepareStatement(empty ? insertSql() : mergeOneRowSql(targetColumns))) {
            for (int i = 0; i < rows.size(); i++) {
                Object[] row = rows.get(i);
                if (row == null) {
                    continue;
                }
                Savepoint before = catalog.setSavepoint();
                try {
                    bind(write, row);
                    if (write.executeUpdate() == 0) {
                        unchanged++;
                    } else {
                        written++;
                    }
                    catalog.releaseSavepoint(before);
                } catch (SQLException e) {
                    catalog.rollback(before);
                    rejects.add(new RejectLog.Reject(sourceRowids.get(i), "catalog refused the row: " + e.getMessage()));
                    rows.set(i, null);
                }
            }
        }
        return new long[] {written, unchanged};
    }

    /** The rows in COPY's text format: tab-separated, \N for NULL, backslash escapes; doubles in Java's shortest exact form. */
    private static String copyText(List<Object[]> rows) {
        StringBuilder text = new StringBuilder(rows.size() * 96);
        for (Object[] row : rows) {
            if (row == null) {
                continue;
            }
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    text.append('\t');
                }
                Object value = row[i];
                if (value == null) {
                    text.append("\\N");
                } else if (value instanceof String s) {
                    escape(text, s);
                } else {
                    text.append(value);
                }
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static void escape(StringBuilder text, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
    }

    /** An empty table's keys and indexes back, and its statistics, after the last row. */
    @Override
    void finish() throws SQLException {
        try (Statement s = catalog.createStatement()) {
            for (String sql : restore) {
                s.execute(sql);
            }
            s.execute("ANALYZE " + table.target());
        }
    }
}
