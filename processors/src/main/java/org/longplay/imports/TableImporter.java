package org.longplay.imports;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.stream.Collectors;
import org.longplay.catalog.CatalogIndexes;
import org.longplay.catalog.CatalogIndexes.Index;
import org.longplay.catalog.TargetColumns;
import org.longplay.common.Progress;
import org.longplay.imports.SourceTable.Link;

/**
 * Imports one source table into the catalog. A reader thread streams the source in catalog-key
 * order and validates each row; the calling thread writes JDBC batches. A bounded queue between
 * them keeps the heap flat whatever the table's size.
 *
 * <p>Into an empty table the rows are plainly inserted with its secondary indexes dropped and rebuilt
 * afterwards; into a filled one they are merged, so importing the same file again changes nothing
 * and a newer file ({@code fetched_at} later, or other values for link rows) updates rows.
 */
final class TableImporter {

    private static final int QUEUE_BATCHES = 4;
    private static final int COMMIT_EVERY_BATCHES = 8;

    private final SourceTable table;
    private final MetadataSource source;
    private final Connection catalog;
    private final ImportState state;
    private final int batchSize;
    private final TargetColumns targetColumns;

    TableImporter(SourceTable table, MetadataSource source, Connection catalog, ImportState state, int batchSize)
            throws SQLException {
        this.table = table;
        this.source = source;
        this.catalog = catalog;
        this.state = state;
        this.batchSize = batchSize;
        this.targetColumns = TargetColumns.of(catalog, table.target());
    }

    /** One batch of validated rows and the rejects found while reading them. */
    private static final class Batch {
        final List<Object[]> rows = new ArrayList<>();
        final List<Long> sourceRowids = new ArrayList<>();
        final List<RejectLog.Reject> rejects = new ArrayList<>();
        long read;
        Throwable failure;
        boolean last;
    }

    TableCounts run() throws SQLException, InterruptedException {
        long started = System.nanoTime();
        boolean bulk = isEmpty();
        List<Index> droppedIndexes = bulk ? dropIndexes() : List.of();
        long total = countSourceRows();
        RowidSet accepted = table.definesRowids() ? new RowidSet() : null;
        RowidSet rejectedNow = new RowidSet();
        if (!bulk) {
            restoreMissingIndexes(rejectedNow);
        }
        long read = 0;
        long written = 0;
        long unchanged = 0;
        long rejected = 0;

        BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUE_BATCHES);
        Thread reader = new Thread(() -> readSource(queue), "import-read-" + table.source());
        reader.setDaemon(true);
        reader.start();
        try (PreparedStatement write = catalog.prepareStatement(bulk ? insertSql() : mergeSql());
                Progress progress = Progress.onTerminal("import " + table.source(), total)) {
            int batches = 0;
            while (true) {
                Batch batch = queue.take();
                if (batch.failure != null) {
                    throw new SQLException("reading " + source.file() + " table " + table.source() + " failed: "
                            + batch.failure.getMessage(), batch.failure);
                }
                read += batch.read;
                List<RejectLog.Reject> rejects = new ArrayList<>(batch.rejects);
                if (table.links().stream().anyMatch(Link::byId)) {
                    dropRowsWithUnknownIds(batch, rejects);
                }
                long[] outcome = writeRows(write, batch, rejects);
                written += outcome[0];
                unchanged += outcome[1];
                if (accepted != null) {
                    for (int i = 0; i < batch.rows.size(); i++) {
                        if (batch.rows.get(i) != null) {
                            accepted.add((Long) batch.rows.get(i)[0]);
                        }
                    }
                }
                state.rejects().record(table.source(), rejects);
                rejects.forEach(r -> rejectedNow.add(r.sourceRowid()));
                rejected += rejects.size();
                progress.update(read);
                if (++batches % COMMIT_EVERY_BATCHES == 0) {
                    catalog.commit();
                }
                if (batch.last) {
                    break;
                }
            }
        } finally {
            reader.interrupt();
            reader.join();
        }
        catalog.commit();
        if (bulk) {
            long duplicates = rebuildIndexes(droppedIndexes, accepted, rejectedNow);
            rejected += duplicates;
            written -= duplicates;
        }
        state.rejects().forgetOthers(table.source(), rejectedNow);
        catalog.commit();
        if (accepted != null) {
            state.parents().put(table.target(), accepted);
        }
        return new TableCounts(table.source(), read, written, unchanged, rejected, (System.nanoTime() - started) / 1e9);
    }

    // ---- reading and validation (reader thread) -------------------------------------------------

    private void readSource(BlockingQueue<Batch> queue) {
        Batch batch = new Batch();
        try (Statement statement = source.connection().createStatement()) {
            statement.setFetchSize(batchSize);
            try (ResultSet rs = statement.executeQuery(selectSql())) {
                List<SourceColumn> columns = table.columns();
                int keyColumns = table.keyColumns();
                Object[] previousKey = null;
                long previousRowid = 0;
                List<String> problems = new ArrayList<>();
                while (rs.next()) {
                    long sourceRowid = rs.getLong(1);
                    Object[] row = new Object[columns.size()];
                    problems.clear();
                    for (int i = 0; i < columns.size(); i++) {
                        row[i] = convert(columns.get(i), rs.getObject(i + 2), problems);
                    }
                    if (problems.isEmpty()) {
                        checkLinks(row, problems);
                    }
                    if (problems.isEmpty() && previousKey != null && sameKey(previousKey, row, keyColumns)) {
                        problems.add("duplicate key " + keyText(row, keyColumns) + " (first at source row " + previousRowid + ")");
                    }
                    batch.read++;
                    if (problems.isEmpty()) {
                        batch.rows.add(row);
                        batch.sourceRowids.add(sourceRowid);
                        previousKey = row;
                        previousRowid = sourceRowid;
                    } else {
                        batch.rejects.add(new RejectLog.Reject(sourceRowid, String.join("; ", problems)));
                    }
                    if (batch.read >= batchSize) {
                        queue.put(batch);
                        batch = new Batch();
                    }
                }
            }
            batch.last = true;
            queue.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            Batch failed = new Batch();
            failed.failure = e;
            try {
                queue.put(failed);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Object convert(SourceColumn column, Object raw, List<String> problems) {
        if (raw == null) {
            if (column.required()) {
                problems.add(column.name() + " is missing (NOT NULL)");
            }
            return null;
        }
        Object value = switch (column.type()) {
            case INTEGER -> asInteger(raw);
            case REAL -> raw instanceof Number n ? (Object) n.doubleValue() : asReal(raw);
            case TEXT -> raw instanceof byte[] ? null : raw.toString();
        };
        if (value == null) {
            String expected = switch (column.type()) {
                case INTEGER -> "an integer";
                case REAL -> "a number";
                case TEXT -> "text";
            };
            problems.add(column.name() + " is not " + expected + " (" + describe(raw) + ")");
            return null;
        }
        String violation = column.check().violation(value);
        if (violation != null) {
            problems.add(column.name() + " " + describe(value) + " " + violation);
            return null;
        }
        if (value instanceof String text) {
            int size = targetColumns.get(column.target()).size();
            if (text.length() > size) {
                problems.add(column.name() + " is longer than " + size + " characters (" + text.length() + ")");
                return null;
            }
        }
        return value;
    }

    private static Long asInteger(Object raw) {
        if (raw instanceof Long l) {
            return l;
        }
        if (raw instanceof Integer i) {
            return i.longValue();
        }
        if (raw instanceof Double d) {
            return d == Math.rint(d) && !d.isInfinite() ? d.longValue() : null;
        }
        if (raw instanceof String s && s.matches("-?[0-9]{1,18}")) {
            return Long.parseLong(s);
        }
        return null;
    }

    private static Double asReal(Object raw) {
        try {
            return raw instanceof String s ? Double.parseDouble(s.strip()) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String describe(Object value) {
        if (value instanceof byte[] bytes) {
            return "a " + bytes.length + "-byte blob";
        }
        if (value instanceof String s) {
            String shown = s.length() > 40 ? s.substring(0, 40) + "…" : s;
            return "'" + shown.replaceAll("\\p{Cc}", "?") + "'";
        }
        return String.valueOf(value);
    }

    private void checkLinks(Object[] row, List<String> problems) {
        for (Link link : table.links()) {
            if (link.byId()) {
                continue; // checked against the catalog by the writer, a batch at a time
            }
            int i = table.indexOf(link.column());
            long rowid = (Long) row[i];
            RowidSet parents = state.parents().get(link.parentTable());
            if (parents == null || !parents.contains(rowid)) {
                problems.add(link.column() + " " + rowid + " points at no imported " + link.parentTable() + " row");
            }
        }
    }

    private static boolean sameKey(Object[] a, Object[] b, int keyColumns) {
        for (int i = 0; i < keyColumns; i++) {
            if (!a[i].equals(b[i])) {
                return false;
            }
        }
        return true;
    }

    private String keyText(Object[] row, int keyColumns) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < keyColumns; i++) {
            parts.add(table.columns().get(i).name() + "=" + describe(row[i]));
        }
        return String.join(", ", parts);
    }

    // ---- writing (calling thread) ---------------------------------------------------------------

    /** Writes the batch's rows; a row the catalog refuses becomes a reject and the rest still go in. */
    private long[] writeRows(PreparedStatement write, Batch batch, List<RejectLog.Reject> rejects) throws SQLException {
        long written = 0;
        long unchanged = 0;
        int from = 0;
        while (from < batch.rows.size()) {
            int added = 0;
            for (int i = from; i < batch.rows.size(); i++) {
                Object[] row = batch.rows.get(i);
                if (row != null) {
                    bind(write, row);
                    write.addBatch();
                    added++;
                }
            }
            if (added == 0) {
                break;
            }
            try {
                for (int count : write.executeBatch()) {
                    if (count == 0) {
                        unchanged++;
                    } else {
                        written++;
                    }
                }
                break;
            } catch (BatchUpdateException e) {
                write.clearBatch();
                int done = e.getUpdateCounts() == null ? 0 : e.getUpdateCounts().length;
                for (int count : e.getUpdateCounts() == null ? new int[0] : e.getUpdateCounts()) {
                    if (count == 0) {
                        unchanged++;
                    } else {
                        written++;
                    }
                }
                int failed = nthPresent(batch.rows, from, done);
                rejects.add(new RejectLog.Reject(batch.sourceRowids.get(failed), "catalog refused the row: " + e.getMessage()));
                batch.rows.set(failed, null);
                from = failed + 1;
            }
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

    private void bind(PreparedStatement write, Object[] row) throws SQLException {
        List<SourceColumn> columns = table.columns();
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
                write.setNull(parameter, switch (columns.get(i).type()) {
                    case INTEGER -> Types.BIGINT;
                    case REAL -> Types.DOUBLE;
                    case TEXT -> Types.VARCHAR;
                });
            }
        }
    }

    /** Links by id (audio features to tracks) are checked against the catalog, one query per batch. */
    private void dropRowsWithUnknownIds(Batch batch, List<RejectLog.Reject> rejects) throws SQLException {
        for (Link link : table.links()) {
            if (!link.byId()) {
                continue;
            }
            int column = table.indexOf(link.column());
            Set<String> known = new HashSet<>();
            List<String> ids = batch.rows.stream().map(r -> (String) r[column]).toList();
            for (int from = 0; from < ids.size(); from += 500) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
                String marks = chunk.stream().map(x -> "?").collect(Collectors.joining(","));
                try (PreparedStatement query = catalog.prepareStatement(
                        "SELECT id FROM " + link.parentTable() + " WHERE id IN (" + marks + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        query.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = query.executeQuery()) {
                        while (rs.next()) {
                            known.add(rs.getString(1));
                        }
                    }
                }
            }
            for (int i = 0; i < batch.rows.size(); i++) {
                Object[] row = batch.rows.get(i);
                if (row != null && !known.contains((String) row[column])) {
                    rejects.add(new RejectLog.Reject(batch.sourceRowids.get(i),
                            link.column() + " " + describe(row[column]) + " points at no imported " + link.parentTable() + " row"));
                    batch.rows.set(i, null);
                }
            }
        }
    }

    // ---- SQL ------------------------------------------------------------------------------------

    private String selectSql() {
        String columns = table.columns().stream()
                .map(c -> source.hasColumn(table.source(), c.name()) ? "\"" + c.name() + "\"" : "NULL AS \"" + c.name() + "\"")
                .collect(Collectors.joining(", "));
        String order = table.key().stream().map(c -> "\"" + c.name() + "\"").collect(Collectors.joining(", "));
        return "SELECT _rowid_, " + columns + " FROM \"" + table.source() + "\" ORDER BY " + order + ", _rowid_";
    }

    private String targetList(String prefix) {
        return table.columns().stream().map(c -> prefix + c.target()).collect(Collectors.joining(", "));
    }

    private String insertSql() {
        String marks = table.columns().stream().map(c -> "?").collect(Collectors.joining(", "));
        return "INSERT INTO " + table.target() + " (" + targetList("") + ") VALUES (" + marks + ")";
    }

    private String mergeSql() {
        List<SourceColumn> columns = table.columns();
        List<SourceColumn> values = columns.subList(table.keyColumns(), columns.size());
        String casts = columns.stream().map(c -> targetColumns.get(c.target()).castOf("?")).collect(Collectors.joining(", "));
        String on = table.key().stream().map(c -> "t." + c.target() + " = s." + c.target()).collect(Collectors.joining(" AND "));
        StringBuilder sql = new StringBuilder("MERGE INTO " + table.target() + " t USING (VALUES (" + casts + ")) AS s ("
                + targetList("") + ") ON " + on);
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

    private boolean isEmpty() throws SQLException {
        try (Statement statement = catalog.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + table.target())) {
            rs.next();
            return rs.getLong(1) == 0;
        }
    }

    private long countSourceRows() throws SQLException {
        try (Statement statement = source.connection().createStatement();
                ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM \"" + table.source() + "\"")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---- indexes around a bulk load -------------------------------------------------------------

    /** A bulk load killed before its indexes were rebuilt leaves them missing: build them now. */
    private void restoreMissingIndexes(RowidSet rejectedNow) throws SQLException {
        List<Index> missing = new ArrayList<>();
        for (Index index : CatalogIndexes.of(table.target())) {
            if (!CatalogIndexes.exists(catalog, index)) {
                missing.add(index);
            }
        }
        rebuildIndexes(missing, null, rejectedNow);
    }

    private List<Index> dropIndexes() throws SQLException {
        List<Index> indexes = CatalogIndexes.of(table.target());
        for (Index index : indexes) {
            CatalogIndexes.drop(catalog, index);
        }
        catalog.commit();
        return indexes;
    }

    /**
     * Builds the dropped indexes again. A unique index that the loaded rows violate (the same id on
     * two rowids) first has the later rows rejected; returns how many were.
     */
    private long rebuildIndexes(List<Index> indexes, RowidSet accepted, RowidSet rejectedNow) throws SQLException {
        long removed = 0;
        for (Index index : indexes) {
            try {
                CatalogIndexes.create(catalog, index);
            } catch (SQLException e) {
                if (!index.unique()) {
                    throw e;
                }
                catalog.rollback();
                removed += removeDuplicates(index, accepted, rejectedNow);
                CatalogIndexes.create(catalog, index);
            }
            catalog.commit();
        }
        return removed;
    }

    private long removeDuplicates(Index index, RowidSet accepted, RowidSet rejectedNow) throws SQLException {
        Index lookup = new Index(index.name() + "_dups", index.table(), index.columns(), false);
        CatalogIndexes.create(catalog, lookup);
        List<RejectLog.Reject> rejects = new ArrayList<>();
        String column = index.columns();
        try (Statement statement = catalog.createStatement();
                ResultSet rs = statement.executeQuery("SELECT t.rowid, t." + column + ", MIN(u.rowid) FROM " + index.table()
                        + " t JOIN " + index.table() + " u ON u." + column + " = t." + column + " AND u.rowid < t.rowid"
                        + " GROUP BY t.rowid, t." + column)) {
            while (rs.next()) {
                rejects.add(new RejectLog.Reject(rs.getLong(1), column + " " + describe(rs.getString(2))
                        + " duplicates source row " + rs.getLong(3)));
            }
        }
        try (PreparedStatement delete = catalog.prepareStatement("DELETE FROM " + index.table() + " WHERE rowid = ?")) {
            for (RejectLog.Reject reject : rejects) {
                delete.setLong(1, reject.sourceRowid());
                delete.addBatch();
                if (accepted != null) {
                    accepted.remove(reject.sourceRowid());
                }
                rejectedNow.add(reject.sourceRowid());
            }
            delete.executeBatch();
        }
        state.rejects().record(table.source(), rejects);
        CatalogIndexes.drop(catalog, lookup);
        catalog.commit();
        return rejects.size();
    }
}
