package org.longplay.process;

import java.io.Closeable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import javax.sql.DataSource;

/**
 * The tracks left to process, in work order (DESIGN §4 rule 7). {@link #rebuild} fills the
 * {@code work_queue} table from the plan; {@link #claims} hands the items out in batches, walking the
 * queue's primary key, so memory holds one batch however long the queue. A claimed item leaves the
 * queue; a run that dies with items in flight loses nothing, because the next run rebuilds the queue
 * from the tracks still {@code todo}.
 */
public final class WorkQueue {
    private static final int BATCH = 256;
    private static final String FILL = "INSERT INTO work_queue (work_order, track_rowid) "
            + "SELECT work_order, rowid FROM track_files WHERE status = 'todo'";
    private static final String HEAD = "SELECT work_order, track_rowid FROM work_queue ORDER BY work_order, track_rowid "
            + "FETCH FIRST " + BATCH + " ROWS ONLY";
    private static final String ITEM = """
            SELECT f.track_id, f.archive_name, o.path, f.reencoded_kbit_vbr
            FROM track_files f LEFT JOIN originals o ON o.track_id = f.track_id
            WHERE f.rowid = ? AND f.status = 'todo'""";

    private final DataSource catalog;

    public WorkQueue(DataSource catalog) {
        this.catalog = catalog;
    }

    /** Refills the queue from the plan; returns its length. */
    public long rebuild() throws SQLException {
        try (Connection connection = catalog.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("TRUNCATE TABLE work_queue");
            long queued = statement.executeUpdate(FILL);
            connection.commit();
            return queued;
        }
    }

    /** The queued items in work order; close it to give back its connection early. */
    public Claims claims() throws SQLException {
        return new Claims(catalog.getConnection());
    }

    /** Iterates the queue batch by batch; each batch is removed from the queue when it is fetched. */
    public static final class Claims implements Iterator<WorkItem>, Closeable {
        private final Connection connection;
        private final PreparedStatement head;
        private final PreparedStatement item;
        private final PreparedStatement remove;
        private final Deque<WorkItem> batch = new ArrayDeque<>();
        private boolean exhausted;
        /** {@link #hasNext()} said true and {@link #next()} has not taken that claim yet. */
        private boolean promised;
        private java.util.function.BooleanSupplier stop = () -> false;

        Claims(Connection connection) throws SQLException {
            this.connection = connection;
            connection.setAutoCommit(false);
            head = connection.prepareStatement(HEAD);
            item = connection.prepareStatement(ITEM);
            remove = connection.prepareStatement("DELETE FROM work_queue WHERE work_order = ? AND track_rowid = ?");
        }

        /** Claims end early once {@code condition} holds (the run is stopping); unclaimed tracks stay queued and todo. */
        public void stopWhen(java.util.function.BooleanSupplier condition) {
            this.stop = condition;
        }

        /**
         * Whether there is a next claim. A {@code true} holds until {@link #next()} takes it, whatever the stop
         * condition does meanwhile: Camel's parallel splitter asks again before it takes the element it was
         * promised, and a {@code false} there ends the split at once, without waiting for the tracks in flight
         * (their outcomes would then be recorded after the run had reported and removed its run marker).
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
            if (batch.isEmpty() && !exhausted) {
                try {
                    fetch();
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot read the work queue: " + e.getMessage(), e);
                }
            }
            return !batch.isEmpty();
        }

        private void fetch() throws SQLException {
            int keys = 0;
            try (ResultSet rs = head.executeQuery()) {
                while (rs.next()) {
                    keys++;
                    long workOrder = rs.getLong(1);
                    long rowid = rs.getLong(2);
                    remove.setLong(1, workOrder);
                    remove.setLong(2, rowid);
                    remove.addBatch();
                    item.setLong(1, rowid);
                    try (ResultSet i = item.executeQuery()) {
                        if (i.next()) { // a track no longer todo (e.g. planned again meanwhile) is dropped
                            int kbit = i.getInt(4);
                            Integer reencodeKbit = i.wasNull() ? null : kbit; // wasNull speaks of the last column read
                            batch.addLast(new WorkItem(rowid, i.getString(1), i.getString(2), i.getString(3), reencodeKbit));
                        }
                    }
                }
            }
            if (keys == 0) {
                exhausted = true;
                close();
                return;
            }
            remove.executeBatch();
            connection.commit();
            if (batch.isEmpty()) {
                fetch();
            }
        }

        @Override
        public synchronized void close() {
            exhausted = true;
            try {
                if (!connection.isClosed()) {
                    connection.close();
                }
            } catch (SQLException e) {
                // closing after use: nothing left to protect
            }
        }
    }
}
