package org.longplay.imports;

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
 * Rows through PostgreSQL's COPY (binary format), a batch per COPY. Into an empty table the whole table is one transaction:
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
    private final CopyBinary binary;

    CopyRowWriter(SourceTable table, Connection catalog, TargetColumns targetColumns, boolean empty) throws SQLException {
        super(table, catalog);
        this.empty = empty;
        this.targetColumns = targetColumns;
        this.copy = catalog.unwrap(PGConnection.class).getCopyAPI();
        this.binary = new CopyBinary(CopyBinary.kindsOf(table, targetColumns));
        if (empty) {
            try (Statement s = catalog.createStatement()) {
                for (String setting : CatalogDialect.of(catalog).bulkStatementSettings()) {
                    s.execute(setting); // the keys built after the load sort in memory
                }
                // emptied in the load's own transaction: a server with wal_level = minimal then writes the table
                // without logging each row (docs/scaling.md)
                s.execute("TRUNCATE " + table.target());
            }
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
            CopyIn in = copy.copyIn("COPY " + copyTarget + " (" + targetList("") + ") FROM STDIN WITH (FORMAT binary)");
            try {
                binary.clear();
                for (Object[] row : rows) {
                    if (row != null) {
                        binary.row(row);
                    }
                }
                binary.finish();
                in.writeToCopy(binary.bytes(), 0, binary.length());
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

    /**
     * A batch in COPY's binary format, encoded straight into one reusable buffer: what the server stores, so it
     * parses nothing (measured: the text format's parsing was a fifth of the server's time at 1 M tracks). Per
     * row a field count, then per field its length (-1 for NULL) and its bytes: big-endian 32- or 64-bit integers
     * as the column is INTEGER or BIGINT, IEEE doubles, UTF-8 text.
     */
    static final class CopyBinary {
        /** How each column travels. */
        enum Kind { INT4, INT8, FLOAT8, TEXT }

        private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};

        private final Kind[] kinds;
        private byte[] buffer = new byte[1 << 20];
        private int length;

        CopyBinary(Kind[] kinds) {
            this.kinds = kinds;
        }

        /** The column kinds of {@code table}'s columns in the catalogue. */
        static Kind[] kindsOf(SourceTable table, TargetColumns targetColumns) {
            Kind[] kinds = new Kind[table.columns().size()];
            for (int i = 0; i < kinds.length; i++) {
                String type = targetColumns.get(table.columns().get(i).target()).typeName();
                kinds[i] = switch (type) {
                    case "INT4" -> Kind.INT4;
                    case "INT8" -> Kind.INT8;
                    case "FLOAT8" -> Kind.FLOAT8;
                    case "VARCHAR", "TEXT", "BPCHAR" -> Kind.TEXT;
                    default -> throw new IllegalStateException("no COPY encoding for " + table.target() + "." + table.columns().get(i).target()
                            + " of type " + type);
                };
            }
            return kinds;
        }

        /** Starts a batch: the format's header. */
        void clear() {
            length = 0;
            room(HEADER.length);
            System.arraycopy(HEADER, 0, buffer, 0, HEADER.length);
            length = HEADER.length;
        }

        /** Ends the batch: the trailer. */
        void finish() {
            putShort(-1);
        }

        byte[] bytes() {
            return buffer;
        }

        int length() {
            return length;
        }

        void row(Object[] row) {
            putShort(row.length);
            for (int i = 0; i < row.length; i++) {
                Object value = row[i];
                if (value == null) {
                    putInt(-1);
                    continue;
                }
                switch (kinds[i]) {
                    case INT4 -> {
                        putInt(4);
                        putInt((int) (long) (Long) value);
                    }
                    case INT8 -> {
                        putInt(8);
                        putLong((Long) value);
                    }
                    case FLOAT8 -> {
                        putInt(8);
                        putLong(Double.doubleToRawLongBits((Double) value));
                    }
                    case TEXT -> text((String) value);
                }
            }
        }

        /** The UTF-8 bytes of {@code s} after their length, as Java's own encoder writes them (a lone surrogate as '?'). */
        private void text(String s) {
            room(s.length() * 3 + 4);
            int lengthAt = length;
            length += 4;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    buffer[length++] = (byte) c;
                } else if (c < 0x800) {
                    buffer[length++] = (byte) (0xC0 | (c >> 6));
                    buffer[length++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    buffer[length++] = (byte) (0xF0 | (cp >> 18));
                    buffer[length++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    buffer[length++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    buffer[length++] = (byte) (0x80 | (cp & 0x3F));
                } else if (Character.isSurrogate(c)) {
                    buffer[length++] = '?';
                } else {
                    buffer[length++] = (byte) (0xE0 | (c >> 12));
                    buffer[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    buffer[length++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            int bytes = length - lengthAt - 4;
            buffer[lengthAt] = (byte) (bytes >>> 24);
            buffer[lengthAt + 1] = (byte) (bytes >>> 16);
            buffer[lengthAt + 2] = (byte) (bytes >>> 8);
            buffer[lengthAt + 3] = (byte) bytes;
        }

        private void putShort(int v) {
            room(2);
            buffer[length++] = (byte) (v >>> 8);
            buffer[length++] = (byte) v;
        }

        private void putInt(int v) {
            room(4);
            buffer[length++] = (byte) (v >>> 24);
            buffer[length++] = (byte) (v >>> 16);
            buffer[length++] = (byte) (v >>> 8);
            buffer[length++] = (byte) v;
        }

        private void putLong(long v) {
            putInt((int) (v >>> 32));
            putInt((int) v);
        }

        private void room(int more) {
            if (length + more > buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
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
