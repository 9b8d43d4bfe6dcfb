package org.longplay.process;

import java.io.Closeable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.longplay.catalog.CatalogDialect;
import org.longplay.catalog.CatalogRetry;

/**
 * The tracks left to process, in work order (docs/contracts.md §4, rule 8), shared by every worker of the catalogue.
 * {@link #rebuild} fills the {@code work_queue} table from the plan (only when no worker is alive);
 * {@link #claims} hands its rows out in batches: each claimed row gets this worker's id and a lease (the
 * database's clock), so that workers on many machines never take the same track, and a worker that dies
 * gives its claims back when their leases end. A row leaves the queue in the transaction that records its
 * track's outcome ({@link OutcomeRecorder}). Memory holds one batch however long the queue.
 */
public final class WorkQueue {
    private static final String FILL = "INSERT INTO work_queue (work_order, track_rowid) "
            + "SELECT work_order, rowid FROM track_files WHERE status = 'todo'";
    /** The claimed tracks still todo, with their originals; %s the rowids' parameters. */
    private static final String ITEMS = """
            SELECT f.rowid, f.track_id, f.archive_name, o.path, f.reencoded_kbit_vbr
            FROM track_files f LEFT JOIN originals o ON o.track_id = f.track_id
            WHERE f.rowid IN (%s) AND f.status = 'todo'""";

    private final DataSource catalog;

    public WorkQueue(DataSource catalog) {
        this.catalog = catalog;
    }

    /** Refills the queue from the plan; returns its length. Only while no worker works it. */
    public long rebuild() throws SQLException {
        try (Connection connection = catalog.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("TRUNCATE TABLE work_queue");
            long queued = statement.executeUpdate(FILL);
            connection.commit();
            return queued;
        }
    }

    /** The rows still queued (claimed or not). */
    public long length() throws SQLException {
        try (Connection connection = catalog.getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM work_queue")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * How claims are made.
     *
     * @param workerId    this worker, as the claimed rows carry it
     * @param batch       rows claimed at once (one transaction)
     * @param leaseMillis how long a claim holds without renewal
     * @param originals   the --originals folder the recorded paths are relative to
     * @param retry       for the claims' catalogue calls when the database is away
     */
    public record ClaimSettings(String workerId, int batch, long leaseMillis, Path originals, CatalogRetry retry) {
    }

    /** The queued items in work order, claimed for this worker; close it to give back its connection early. */
    public Claims claims(ClaimSettings settings) throws SQLException {
        return new Claims(catalog, settings);
    }

    /**
     * Iterates the queue batch by batch, in rounds: a round ends when no row is free. Between rounds
     * ({@link #awaitReturns}) the worker waits while other workers hold rows, whose leases may end (a worker died)
     * and give them back; it is done when the queue holds none but its own. The wait is never inside the
     * iteration: Camel's splitter iterates on one of the threads that process the tracks, and a thread waiting
     * there would hold up the tracks in flight.
     */
    public static final class Claims implements Iterator<WorkItem>, Closeable {
        private final DataSource catalog;
        private final ClaimSettings settings;
        private final String claimSql;
        /** The claim as one statement, where the engine takes it (else null). */
        private final String claimReturningSql;
        private final String renewSql;
        private final String returnEndedSql;
        private final String othersSql;
        private final Deque<WorkItem> batch = new ArrayDeque<>();
        /** Keys {work_order, track_rowid} claimed and not yet recorded: what the lease keeper renews. */
        private final Set<List<Long>> held = ConcurrentHashMap.newKeySet();
        private boolean exhausted;
        /** {@link #hasNext()} said true and {@link #next()} has not taken that claim yet. */
        private boolean promised;
        private BooleanSupplier stop = () -> false;
        private long waitedForOthers;

        Claims(DataSource catalog, ClaimSettings settings) throws SQLException {
            this.catalog = catalog;
            this.settings = settings;
            CatalogDialect dialect = CatalogDialect.of(catalog);
            String now = dialect.nowMillis();
            this.claimSql = "SELECT work_order, track_rowid FROM work_queue WHERE lease_until IS NULL"
                    + " ORDER BY work_order, track_rowid FETCH FIRST " + settings.batch() + " ROWS ONLY" + dialect.skipLocked();
            this.claimReturningSql = !dialect.returningDml() ? null : "UPDATE work_queue q SET claimed_by = ?, lease_until = " + now
                    + " + " + settings.leaseMillis() + " FROM (" + claimSql + ") c"
                    + " WHERE q.work_order = c.work_order AND q.track_rowid = c.track_rowid RETURNING q.work_order, q.track_rowid";
            this.renewSql = "UPDATE work_queue SET lease_until = " + now + " + " + settings.leaseMillis()
                    + " WHERE work_order = ? AND track_rowid = ? AND claimed_by = ?";
            this.returnEndedSql = "UPDATE work_queue SET claimed_by = NULL, lease_until = NULL WHERE lease_until < " + now;
            this.othersSql = "SELECT COUNT(*) FROM work_queue WHERE lease_until IS NOT NULL AND claimed_by <> ?";
        }

        /** Claims end early once {@code condition} holds (the run is stopping); unclaimed tracks stay queued and todo. */
        public void stopWhen(BooleanSupplier condition) {
            this.stop = condition;
        }

        /**
         * Whether there is a next claim. A {@code true} holds until {@link #next()} takes it, whatever the stop
         * condition does meanwhile: Camel's parallel splitter asks again before it takes the element it was
         * promised, and a {@code false} there ends the split at once, without waiting for the tracks in flight
         * (their outcomes would then be recorded after the run had reported).
         */
        @Override
        public synchronized boolean hasNext() {
            if (!promised) {
                promised = !stop.getAsBoolean() && more();
            }
            return promised;
        }

        /**
         * The next claim. Only {@link #hasNext()} looks at the stop condition: a stop that comes between a
         * caller's hasNext and next must not throw here (the splitter would abort and stop waiting for the
         * tracks in flight); that one claim is simply the last.
         */
        @Override
        public synchronized WorkItem next() {
            promised = false;
            if (!more()) {
                throw new NoSuchElementException();
            }
            return batch.removeFirst();
        }

        private boolean more() {
            while (batch.isEmpty() && !exhausted && !stop.getAsBoolean()) {
                try {
                    fetch();
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot claim tracks from the work queue: " + e.getMessage(), e);
                }
            }
            return !batch.isEmpty();
        }

        /** Claims the next batch of free rows (giving back the rows whose lease ended first, when none is free); none: the round ends. */
        private void fetch() throws SQLException {
            List<long[]> keys = settings.retry().call("claiming tracks", this::claim);
            if (keys.isEmpty() && settings.retry().call("returning ended leases", () -> update(returnEndedSql)) > 0) {
                keys = settings.retry().call("claiming tracks", this::claim);
            }
            if (keys.isEmpty()) {
                exhausted = true;
                return;
            }
            List<long[]> claimed = keys;
            batch.addAll(settings.retry().call("reading the claimed tracks", () -> items(claimed)));
        }

        /**
         * After a round: waits while other workers hold rows and none is free, polling a tenth of a lease (0.1 to
         * 2 s). True when rows became free (a lease ended, a worker gave its claims back): another round; false when
         * no other worker holds any, or {@code stop} holds: the queue is done for this worker.
         */
        public boolean awaitReturns(BooleanSupplier stop) throws SQLException {
            long poll = Math.min(2_000, Math.max(100, settings.leaseMillis() / 10));
            while (!stop.getAsBoolean()) {
                if (settings.retry().call("returning ended leases", () -> update(returnEndedSql)) > 0
                        || settings.retry().call("looking for free rows", this::anyFree)) {
                    synchronized (this) {
                        exhausted = false;
                    }
                    return true;
                }
                if (settings.retry().call("looking for other workers' claims", this::othersHolding) == 0) {
                    return false;
                }
                waitedForOthers++;
                try {
                    Thread.sleep(poll);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }

        private boolean anyFree() throws SQLException {
            try (Connection connection = catalog.getConnection(); Statement s = connection.createStatement();
                    ResultSet rs = s.executeQuery("SELECT 1 FROM work_queue WHERE lease_until IS NULL FETCH FIRST 1 ROWS ONLY")) {
                return rs.next();
            }
        }

        /** One transaction: the free rows at the head of the queue, marked with this worker and a lease; in work order. */
        private List<long[]> claim() throws SQLException {
            List<long[]> keys = claimReturningSql != null ? claimInOneStatement() : claimInSteps();
            keys.sort(java.util.Comparator.<long[]>comparingLong(k -> k[0]).thenComparingLong(k -> k[1]));
            keys.forEach(k -> held.add(List.of(k[0], k[1])));
            return keys;
        }

        private List<long[]> claimInOneStatement() throws SQLException {
            List<long[]> keys = new ArrayList<>();
            try (Connection connection = catalog.getConnection(); PreparedStatement claim = connection.prepareStatement(claimReturningSql)) {
                claim.setString(1, settings.workerId());
                try (ResultSet rs = claim.executeQuery()) {
                    while (rs.next()) {
                        keys.add(new long[] {rs.getLong(1), rs.getLong(2)});
                    }
                }
            }
            return keys;
        }

        private List<long[]> claimInSteps() throws SQLException {
            List<long[]> keys = new ArrayList<>();
            try (Connection connection = catalog.getConnection()) {
                connection.setAutoCommit(false);
                try (PreparedStatement select = connection.prepareStatement(claimSql);
                        PreparedStatement mark = connection.prepareStatement("UPDATE work_queue SET claimed_by = ?, lease_until = "
                                + CatalogDialect.of(connection).nowMillis() + " + " + settings.leaseMillis()
                                + " WHERE work_order = ? AND track_rowid = ?")) {
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            keys.add(new long[] {rs.getLong(1), rs.getLong(2)});
                        }
                    }
                    for (long[] key : keys) {
                        mark.setString(1, settings.workerId());
                        mark.setLong(2, key[0]);
                        mark.setLong(3, key[1]);
                        mark.addBatch();
                    }
                    if (!keys.isEmpty()) {
                        mark.executeBatch();
                    }
                    connection.commit();
                } catch (SQLException e) {
                    connection.rollback();
                    throw e;
                }
            }
            return keys;
        }

        /**
         * The claimed rows' tracks, in the claims' (work) order, read in one query; a row whose track is no longer
         * todo (planned again meanwhile) leaves the queue.
         */
        private List<WorkItem> items(List<long[]> keys) throws SQLException {
            java.util.Map<Long, WorkItem> found = new java.util.HashMap<>();
            String marks = String.join(", ", java.util.Collections.nCopies(keys.size(), "?"));
            try (Connection connection = catalog.getConnection(); PreparedStatement query = connection.prepareStatement(ITEMS.formatted(marks))) {
                for (int i = 0; i < keys.size(); i++) {
                    query.setLong(i + 1, keys.get(i)[1]);
                }
                try (ResultSet i = query.executeQuery()) {
                    while (i.next()) {
                        int kbit = i.getInt(5);
                        Integer reencodeKbit = i.wasNull() ? null : kbit; // wasNull speaks of the last column read
                        String original = i.getString(4);
                        long rowid = i.getLong(1);
                        found.put(rowid, new WorkItem(rowid, 0, i.getString(2), i.getString(3),
                                original == null ? null : settings.originals().resolve(original).toString(), reencodeKbit));
                    }
                }
                List<WorkItem> items = new ArrayList<>();
                try (PreparedStatement drop = connection.prepareStatement(
                        "DELETE FROM work_queue WHERE work_order = ? AND track_rowid = ? AND claimed_by = ?")) {
                    for (long[] key : keys) {
                        WorkItem item = found.get(key[1]);
                        if (item != null) {
                            items.add(new WorkItem(item.rowid(), key[0], item.trackId(), item.archiveName(), item.original(),
                                    item.reencodeKbit()));
                            continue;
                        }
                        drop.setLong(1, key[0]);
                        drop.setLong(2, key[1]);
                        drop.setString(3, settings.workerId());
                        drop.executeUpdate();
                        released(key[0], key[1]);
                    }
                }
                return items;
            }
        }

        private long othersHolding() throws SQLException {
            try (Connection connection = catalog.getConnection(); PreparedStatement s = connection.prepareStatement(othersSql)) {
                s.setString(1, settings.workerId());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }

        private long update(String sql) throws SQLException {
            try (Connection connection = catalog.getConnection(); Statement s = connection.createStatement()) {
                return s.executeUpdate(sql);
            }
        }

        /** Extends the lease of every row this worker holds; returns how many it still holds (a row given away counts not). */
        public int renew() throws SQLException {
            List<List<Long>> keys = List.copyOf(held);
            if (keys.isEmpty()) {
                return 0;
            }
            int renewed = 0;
            try (Connection connection = catalog.getConnection(); PreparedStatement s = connection.prepareStatement(renewSql)) {
                for (List<Long> key : keys) {
                    s.setLong(1, key.get(0));
                    s.setLong(2, key.get(1));
                    s.setString(3, settings.workerId());
                    s.addBatch();
                }
                for (int count : s.executeBatch()) {
                    renewed += count > 0 || count == Statement.SUCCESS_NO_INFO ? 1 : 0;
                }
            }
            return renewed;
        }

        /** One claim back to the queue at once (its track could not be finished here); another worker or round takes it. */
        public int giveBack(long workOrder, long rowid) throws SQLException {
            return giveBack(List.of(List.of(workOrder, rowid)));
        }

        /** Claims this worker holds and never started (it is stopping) go back to the queue at once; returns how many. */
        public int giveBack() throws SQLException {
            int given = giveBack(List.copyOf(held));
            synchronized (this) {
                batch.clear();
            }
            return given;
        }

        private int giveBack(List<List<Long>> keys) throws SQLException {
            if (keys.isEmpty()) {
                return 0;
            }
            try (Connection connection = catalog.getConnection(); PreparedStatement s = connection.prepareStatement(
                    "UPDATE work_queue SET claimed_by = NULL, lease_until = NULL WHERE work_order = ? AND track_rowid = ? AND claimed_by = ?")) {
                for (List<Long> key : keys) {
                    s.setLong(1, key.get(0));
                    s.setLong(2, key.get(1));
                    s.setString(3, settings.workerId());
                    s.addBatch();
                }
                s.executeBatch();
            }
            keys.forEach(held::remove);
            return keys.size();
        }

        /** The row of a track whose outcome is recorded (or given up) is no longer this worker's to renew. */
        public void released(long workOrder, long rowid) {
            held.remove(List.of(workOrder, rowid));
        }

        /** Rows claimed and not yet recorded. */
        public int holding() {
            return held.size();
        }

        /** How many polls the worker waited for rows other workers held. */
        public long waitedForOthers() {
            return waitedForOthers;
        }

        public String workerId() {
            return settings.workerId();
        }

        @Override
        public synchronized void close() {
            exhausted = true;
        }
    }
}
