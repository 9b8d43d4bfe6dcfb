package org.longplay.imports;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.stream.Collectors;
import org.longplay.catalog.CatalogDialect;
import org.longplay.catalog.TargetColumns;

/**
 * Writes one table's validated rows into the catalogue, a batch at a time: into an empty table they are
 * inserted, into a filled one merged (a row changes only when its {@code fetched_at} is later, or for link
 * rows when a value differs), so importing the same file again changes nothing. A row the catalogue refuses
 * becomes a reject and the rest of its batch still goes in. How rows travel is the engine's affair:
 * {@link JdbcRowWriter} (JDBC batches; HSQLDB) or {@link CopyRowWriter} (PostgreSQL's COPY).
 */
abstract class RowWriter implements AutoCloseable {

    final SourceTable table;
    final Connection catalog;

    RowWriter(SourceTable table, Connection catalog) {
        this.table = table;
        this.catalog = catalog;
    }

    /** The writer for {@code table} on this catalogue's engine; {@code empty}: the table holds no row yet. */
    static RowWriter open(SourceTable table, Connection catalog, TargetColumns targetColumns, boolean empty) throws SQLException {
        return CatalogDialect.of(catalog) == CatalogDialect.POSTGRESQL
                ? new CopyRowWriter(table, catalog, targetColumns, empty)
                : new JdbcRowWriter(table, catalog, targetColumns, empty);
    }

    /**
     * Writes the present (non-null) rows of {@code rows}; a row the catalogue refuses is added to {@code rejects}
     * (by its {@code sourceRowids} entry) and set to null. Returns {written, unchanged}.
     */
    abstract long[] write(List<Object[]> rows, List<Long> sourceRowids, List<RejectLog.Reject> rejects) throws SQLException;

    /** Whether the importer commits after each batch (else the whole table is one transaction, committed after {@link #finish}). */
    abstract boolean commitsEachBatch();

    /** After the last batch: whatever the load put off (keys, statistics). */
    void finish() throws SQLException {
    }

    @Override
    public void close() throws SQLException {
    }

    // ---- SQL both writers build ------------------------------------------------------------------

    String targetList(String prefix) {
        return table.columns().stream().map(c -> prefix + c.target()).collect(Collectors.joining(", "));
    }

    String insertSql() {
        String marks = table.columns().stream().map(c -> "?").collect(Collectors.joining(", "));
        return "INSERT INTO " + table.target() + " (" + targetList("") + ") VALUES (" + marks + ")";
    }

    /** A MERGE of the rows of {@code source} (a table expression naming the target's columns) into the table. */
    String mergeSql(String source) {
        List<SourceColumn> columns = table.columns();
        List<SourceColumn> values = columns.subList(table.keyColumns(), columns.size());
        String on = table.key().stream().map(c -> "t." + c.target() + " = s." + c.target()).collect(Collectors.joining(" AND "));
        StringBuilder sql = new StringBuilder("MERGE INTO " + table.target() + " t USING " + source + " ON " + on);
        if (!values.isEmpty()) {
            String changed = table.hasFetchedAt()
                    ? "t.fetched_at < s.fetched_at"
                    : values.stream().map(c -> "t." + c.target() + " IS DISTINCT FROM s." + c.target()).collect(Collectors.joining(" OR "));
            sql.append(" WHEN MATCHED AND (").append(changed).append(") THEN UPDATE SET ")
                    .append(values.stream().map(c -> c.target() + " = s." + c.target()).collect(Collectors.joining(", ")));
        }
        sql.append(" WHEN NOT MATCHED THEN INSERT (").append(targetList("")).append(") VALUES (").append(targetList("s.")).append(")");
        return sql.toString();
    }

    /** A MERGE of one row given as parameters, each cast to its column's type. */
    String mergeOneRowSql(TargetColumns targetColumns) {
        String casts = table.columns().stream().map(c -> targetColumns.get(c.target()).castOf("?")).collect(Collectors.joining(", "));
        return mergeSql("(VALUES (" + casts + ")) AS s (" + targetList("") + ")");
    }

    /** The SQL type of a NULL in column {@code i}. */
    int nullType(int i) {
        return switch (table.columns().get(i).type()) {
            case INTEGER -> Types.BIGINT;
            case REAL -> Types.DOUBLE;
            case TEXT -> Types.VARCHAR;
        };
    }

    void bind(java.sql.PreparedStatement write, Object[] row) throws SQLException {
        for (int i = 0; i < row.length; i++) {
            Object value = row[i];
            int parameter = i + 1;
            if (value instanceof Long l) {
                write.setLong(parameter, l);
            } else if (value instanceof String s) {
                write.setString(parameter, s);
            } else if (value instanceof Double d) {
                write.setDouble(parameter, d);
            } else {
                write.setNull(parameter, nullType(i));
            }
        }
    }
}
