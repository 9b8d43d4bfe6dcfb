package org.longplay.imports;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.longplay.catalog.TargetColumns;
import org.longplay.imports.SourceTable.Link;

/**
 * Imports one source table into the catalog. A reader thread streams the source in catalog-key
 * order and validates each row; this task's thread writes the batches on its own connection through
 * the engine's {@link RowWriter}. A bounded queue between them keeps the heap flat whatever the
 * table's size.
 *
 * <p>Into an empty table rows are plainly inserted; into a filled one they are merged, so importing
 * the same file again changes nothing and a newer file ({@code fetched_at} later, or other values
 * for link rows) updates rows. The HSQLDB catalog tables carry only their primary keys: appending in key
 * order is what HSQLDB's disk tables do fast, and a secondary index on a table larger than the row
 * cache turns every insert into random reads (measured: 30x slower at 1,000,000 tracks).
 */
final class TableImporter implements Callable<TableCounts> {

    private static final int QUEUE_BATCHES = 4;
    private static final int ID_LOOKUP_CHUNK = 500;

    private final SourceTable table;
    private final MetadataSource source;
    private final ImportContext context;

    TableImporter(SourceTable table, MetadataSource source, ImportContext context) {
        this.table = table;
        this.source = source;
        this.context = context;
    }

    /** One batch of validated rows and the rejects found while reading them. */
    private static final class Batch {
        final List<Object[]> rows = new ArrayList<>();
        final List<Long> sourceRowids = new ArrayList<>();
        final List<RejectLog.Reject> rejects = new ArrayList<>();
        long read;
        long lastSourceRowid = Long.MIN_VALUE;
        Throwable failure;
        boolean last;
    }

    @Override
    public TableCounts call() throws Exception {
        RowidSet accepted = table.definesRowids() ? context.acceptedRowids(table.target()) : null;
        boolean linksById = table.links().stream().anyMatch(Link::byId);
        try (Connection catalog = context.catalog().getConnection(); Connection sourceConnection = source.openConnection();
                Connection idLookup = linksById ? context.metadata().openConnection() : null) {
            catalog.setAutoCommit(false);
            return importRows(catalog, sourceConnection, idLookup, accepted);
        } finally {
            if (accepted != null) {
                accepted.complete();
            }
        }
    }

    private TableCounts importRows(Connection catalog, Connection sourceConnection, Connection idLookup, RowidSet accepted)
            throws Exception {
        long started = System.nanoTime();
        TargetColumns targetColumns = TargetColumns.of(catalog, table.target());
        RejectLog rejectLog = new RejectLog(catalog, context.rejectedAt());
        boolean empty = isEmpty(catalog);
        Map<Long, String> duplicates;
        try {
            duplicates = findDuplicateIds(sourceConnection);
        } catch (SQLException e) {
            throw source.unreadable(table.source(), "", e);
        }
        RowidSet rejectedNow = new RowidSet();
        long read = 0;
        long written = 0;
        long unchanged = 0;
        long rejected = 0;

        BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUE_BATCHES);
        Thread reader = new Thread(() -> readSource(sourceConnection, targetColumns, duplicates, queue), "import-read-" + table.source());
        reader.setDaemon(true);
        reader.start();
        try (RowWriter writer = RowWriter.open(table, catalog, targetColumns, empty)) {
            while (true) {
                Batch batch = queue.take();
                if (batch.failure instanceof SQLException unreadable) { // the source failed: bad input (exit 2)
                    throw source.unreadable(table.source(), batch.lastSourceRowid == Long.MIN_VALUE ? ""
                            : " after source row " + batch.lastSourceRowid, unreadable);
                }
                if (batch.failure != null) {
                    throw new SQLException("reading " + source.file() + " table " + table.source() + " failed: "
                            + batch.failure.getMessage(), batch.failure);
                }
                read += batch.read;
                List<RejectLog.Reject> rejects = new ArrayList<>(batch.rejects);
                dropRowsWithUnknownIds(idLookup, batch, rejects);
                long[] outcome = writer.write(batch.rows, batch.sourceRowids, rejects);
                written += outcome[0];
                unchanged += outcome[1];
                rejectLog.record(table.source(), rejects);
                rejects.forEach(r -> rejectedNow.add(r.sourceRowid()));
                rejected += rejects.size();
                if (writer.commitsEachBatch()) {
                    catalog.commit();
                }
                if (accepted != null) {
                    for (Object[] row : batch.rows) {
                        if (row != null) {
                            accepted.add((Long) row[0]);
                        }
                    }
                    accepted.decidedThrough(batch.lastSourceRowid);
                }
                context.progress().update(context.rowsDone().addAndGet(batch.read));
                if (batch.last) {
                    break;
                }
            }
            writer.finish();
        } finally {
            reader.interrupt();
            reader.join();
        }
        if (table.derived()) {
            if (!empty) {
                dropStaleDerivedRows(catalog);
            }
        } else {
            rejectLog.forgetOthers(table.source(), rejectedNow);
        }
        catalog.commit();
        return new TableCounts(table.derived() ? table.target() : table.source(), read, written, unchanged, rejected,
                (System.nanoTime() - started) / 1e9, table.derived());
    }

    // ---- reading and validation (reader thread) -------------------------------------------------

    private void readSource(Connection sourceConnection, TargetColumns targetColumns, Map<Long, String> duplicates,
            BlockingQueue<Batch> queue) {
        RowValidator validator = new RowValidator(table, targetColumns);
        List<RowidLink> links = rowidLinks();
        int batchSize = context.batchSize();
        Batch batch = new Batch();
        try (Statement statement = sourceConnection.createStatement()) {
            statement.setFetchSize(batchSize);
            try (ResultSet rs = statement.executeQuery(selectSql())) {
                List<SourceColumn> columns = table.columns();
                Object[] previousKey = null;
                long previousRowid = 0;
                List<String> problems = new ArrayList<>();
                while (rs.next()) {
                    long sourceRowid = rs.getLong(1);
                    Object[] row = new Object[columns.size()];
                    problems.clear();
                    for (int i = 0; i < columns.size(); i++) {
                        row[i] = validator.convert(i, columns.get(i), rs.getObject(i + 2), problems);
                    }
                    if (problems.isEmpty()) {
                        checkLinks(links, row, problems);
                    }
                    String duplicate = duplicates.get(sourceRowid);
                    if (problems.isEmpty() && duplicate != null) {
                        problems.add(duplicate);
                    }
                    if (problems.isEmpty() && previousKey != null && sameKey(previousKey, row)) {
                        problems.add("duplicate key " + keyText(row) + " (first at source row " + previousRowid + ")");
                    }
                    batch.read++;
                    batch.lastSourceRowid = sourceRowid;
                    if (problems.isEmpty()) {
                        batch.rows.add(row);
                        batch.sourceRowids.add(sourceRowid);
                        previousKey = row;
                        previousRowid = sourceRowid;
                    } else if (!table.derived()) {
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
            failed.lastSourceRowid = batch.lastSourceRowid; // where reading stopped, for the message
            try {
                queue.put(failed);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A link by rowid, resolved once per table: the column's place in the row and the parent's rowids. */
    private record RowidLink(Link link, int column, RowidSet parents) {
    }

    private List<RowidLink> rowidLinks() {
        return table.links().stream().filter(link -> !link.byId()) // links by id: resolved by the writer, a batch at a time
                .map(link -> new RowidLink(link, table.indexOf(link.column()), context.acceptedRowids(link.parentTable())))
                .toList();
    }

    private static void checkLinks(List<RowidLink> links, Object[] row, List<String> problems) throws InterruptedException {
        for (RowidLink link : links) {
            long rowid = (Long) row[link.column()];
            link.parents().awaitDecided(rowid);
            if (!link.parents().contains(rowid)) {
                problems.add(link.link().column() + " " + rowid + " points at no imported " + link.link().parentTable() + " row");
            }
        }
    }

    private boolean sameKey(Object[] a, Object[] b) {
        for (int i = 0; i < table.keyColumns(); i++) {
            if (!a[i].equals(b[i])) {
                return false;
            }
        }
        return true;
    }

    private String keyText(Object[] row) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < table.keyColumns(); i++) {
            parts.add(table.columns().get(i).name() + "=" + RowValidator.describe(row[i]));
        }
        return String.join(", ", parts);
    }

    /**
     * Rows whose unique column repeats an earlier row's value, with the reason; the lowest rowid
     * keeps the value. One ordered pass over the source (an index scan where the source has the
     * published unique index), so the catalog needs no unique index of its own.
     */
    private Map<Long, String> findDuplicateIds(Connection sourceConnection) throws SQLException {
        Map<Long, String> duplicates = new HashMap<>();
        if (table.uniqueColumn() == null) {
            return duplicates;
        }
        if (sourceEnforcesUnique(sourceConnection, table.source(), table.uniqueColumn())) {
            return duplicates; // the published schema's unique index already guarantees it
        }
        String column = "\"" + table.uniqueColumn() + "\"";
        try (Statement statement = sourceConnection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT _rowid_, " + column + " FROM \"" + table.source() + "\" WHERE "
                        + column + " IS NOT NULL ORDER BY " + column + ", _rowid_")) {
            String previous = null;
            long firstRowid = 0;
            while (rs.next()) {
                String value = rs.getString(2);
                if (value.equals(previous)) {
                    duplicates.put(rs.getLong(1), table.uniqueColumn() + " " + RowValidator.describe(value)
                            + " duplicates source row " + firstRowid);
                } else {
                    previous = value;
                    firstRowid = rs.getLong(1);
                }
            }
        }
        return duplicates;
    }

    /** Whether the source has a unique index on exactly {@code column} of {@code sourceTable}. */
    private static boolean sourceEnforcesUnique(Connection sourceConnection, String sourceTable, String column) throws SQLException {
        List<String> uniqueIndexes = new ArrayList<>();
        try (Statement statement = sourceConnection.createStatement();
                ResultSet rs = statement.executeQuery("PRAGMA index_list(\"" + sourceTable + "\")")) {
            while (rs.next()) {
                if (rs.getInt("unique") == 1) {
                    uniqueIndexes.add(rs.getString("name"));
                }
            }
        }
        for (String index : uniqueIndexes) {
            List<String> columns = new ArrayList<>();
            try (Statement statement = sourceConnection.createStatement();
                    ResultSet rs = statement.executeQuery("PRAGMA index_info(\"" + index.replace("\"", "\"\"") + "\")")) {
                while (rs.next()) {
                    columns.add(rs.getString("name"));
                }
            }
            if (columns.size() == 1 && column.equalsIgnoreCase(columns.get(0))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Links by id (audio features to tracks): the id is resolved to a rowid in the metadata source,
     * which has the published unique index on it, and that rowid must be an accepted row.
     */
    private void dropRowsWithUnknownIds(Connection idLookup, Batch batch, List<RejectLog.Reject> rejects)
            throws SQLException, InterruptedException, InvalidSourceException {
        for (Link link : table.links()) {
            if (!link.byId()) {
                continue;
            }
            int column = table.indexOf(link.column());
            Map<String, Long> rowids = new HashMap<>();
            List<String> ids = batch.rows.stream().filter(r -> r != null).map(r -> (String) r[column]).toList();
            for (int from = 0; from < ids.size(); from += ID_LOOKUP_CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + ID_LOOKUP_CHUNK));
                String marks = chunk.stream().map(x -> "?").collect(Collectors.joining(","));
                try (PreparedStatement query = idLookup.prepareStatement(
                        "SELECT id, _rowid_ FROM \"" + link.parentTable() + "\" WHERE id IN (" + marks + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        query.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = query.executeQuery()) {
                        while (rs.next()) {
                            rowids.putIfAbsent(rs.getString(1), rs.getLong(2));
                        }
                    }
                } catch (SQLException e) { // the metadata file fails under the ids: bad input, as when its tables fail
                    throw context.metadata().unreadable(link.parentTable(), " (looking up the ids " + table.source() + " links to)", e);
                }
            }
            RowidSet parents = context.acceptedRowids(link.parentTable());
            for (int i = 0; i < batch.rows.size(); i++) {
                Object[] row = batch.rows.get(i);
                if (row == null) {
                    continue;
                }
                Long rowid = rowids.get((String) row[column]);
                if (rowid != null) {
                    parents.awaitDecided(rowid);
                }
                if (rowid == null || !parents.contains(rowid)) {
                    rejects.add(new RejectLog.Reject(batch.sourceRowids.get(i), link.column() + " "
                            + RowValidator.describe(row[column]) + " points at no imported " + link.parentTable() + " row"));
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
        String where = table.derived() ? " WHERE " + table.derivedFilter() : "";
        return "SELECT _rowid_, " + columns + " FROM \"" + table.source() + "\"" + where + " ORDER BY " + order + ", _rowid_";
    }

    /**
     * After a re-import, lookup rows whose source row now says otherwise (a track's ISRC changed)
     * or is gone. Every column of a derived table is a column of its source table's row.
     */
    private void dropStaleDerivedRows(Connection catalog) throws SQLException {
        Link owner = table.links().get(0);
        String sourceKey = table.columns().get(table.indexOf(owner.column())).target();
        String matches = table.columns().stream()
                .map(c -> "s." + c.name() + " = d." + c.target())
                .collect(Collectors.joining(" AND "));
        try (Statement statement = catalog.createStatement()) {
            statement.executeUpdate("DELETE FROM " + table.target() + " d WHERE NOT EXISTS (SELECT 1 FROM " + owner.parentTable()
                    + " s WHERE s.rowid = d." + sourceKey + " AND " + matches + ")");
        }
    }

    private boolean isEmpty(Connection catalog) throws SQLException {
        try (Statement statement = catalog.createStatement();
                ResultSet rs = statement.executeQuery("SELECT 1 FROM " + table.target() + " FETCH FIRST 1 ROWS ONLY")) {
            return !rs.next();
        }
    }
}
