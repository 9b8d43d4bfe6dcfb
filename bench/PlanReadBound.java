import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The least time HSQLDB needs to hand planning its inputs: each table the rules read, streamed once
 * in key order to Java in rowid batches (the planner's 50,000), with the joins by primary key that
 * the rules need and nothing computed or written. Planning cannot be faster than the sum on this
 * engine, whatever its SQL. Also: the first stream on two threads over disjoint halves, to show
 * whether a second core helps. Opens a copy of a planned catalogue (the script makes it).
 * Run: bench/plan-read-bound.sh [TRACKS]
 */
public class PlanReadBound {
    static final String[][] STREAMS = {
        {"tracks join albums", "SELECT t.rowid, t.id, t.popularity, t.duration_ms, t.external_id_isrc, t.fetched_at,"
                + " al.popularity, al.fetched_at FROM tracks t JOIN albums al ON al.rowid = t.album_rowid"
                + " WHERE t.rowid BETWEEN ? AND ?"},
        {"track_artists join artists, best per track", "SELECT ta.track_rowid,"
                + " MAX(CAST(ar.popularity AS BIGINT) * 1000000000 + LEAST(ar.followers_total, 999999999)), MAX(ar.fetched_at)"
                + " FROM track_artists ta JOIN artists ar ON ar.rowid = ta.artist_rowid WHERE ta.track_rowid BETWEEN ? AND ?"
                + " GROUP BY ta.track_rowid"},
        {"track_files (the earlier outcome)", "SELECT rowid, track_id, status, isrc_has_download, track_popularity,"
                + " secondary_priority, reencoded_kbit_vbr, inputs_fetched_at FROM track_files WHERE rowid BETWEEN ? AND ?"},
    };

    public static void main(String[] args) throws Exception {
        String url = "jdbc:hsqldb:file:" + args[0] + "/longplay;hsqldb.default_table_type=cached;hsqldb.cache_rows=200000;"
                + "hsqldb.cache_size=131072;hsqldb.nio_data_file=true;hsqldb.nio_max_size=16384";
        long batch = 50_000;
        long last;
        try (Connection c = DriverManager.getConnection(url, "SA", "");
                ResultSet rs = c.createStatement().executeQuery("SELECT MAX(rowid) FROM tracks")) {
            rs.next();
            last = rs.getLong(1);
        }
        double sum = 0;
        for (String[] stream : STREAMS) {
            long started = System.nanoTime();
            long rows = read(url, stream[1], 0, last, batch);
            double seconds = (System.nanoTime() - started) / 1e9;
            sum += seconds;
            System.out.printf("  %-46s %6.1f s  %,10d rows%n", stream[0], seconds, rows);
        }
        System.out.printf("  %-46s %6.1f s%n", "sum: the least any plan reads here", sum);
        double writes = writeFirstOutcome(url, last);
        System.out.printf("  %-46s %6.1f s%n", "a first plan's writes: new track_files rows", writes);
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Long>> halves = new ArrayList<>();
        long half = last / 2;
        halves.add(pool.submit(() -> read(url, STREAMS[0][1], 0, half, batch)));
        halves.add(pool.submit(() -> read(url, STREAMS[0][1], half + 1, last, batch)));
        long rows = 0;
        for (Future<Long> f : halves) {
            rows += f.get();
        }
        pool.shutdown();
        System.out.printf("  %-46s %6.1f s  %,10d rows%n", STREAMS[0][0] + ", 2 threads", (System.nanoTime() - started) / 1e9, rows);
        System.out.printf("bound=%.2f %.2f%n", sum, sum + writes);
        try (Connection c = DriverManager.getConnection(url, "SA", "")) {
            c.createStatement().execute("SHUTDOWN");
        }
    }

    /** Inserts one track_files row per track into a copy of its layout, as a first plan must (redo log off, as planning runs). */
    static double writeFirstOutcome(String url, long last) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "SA", "")) {
            c.setAutoCommit(false);
            c.createStatement().execute("CREATE TABLE bound_track_files AS (SELECT * FROM track_files) WITH NO DATA");
            c.createStatement().execute("ALTER TABLE bound_track_files ADD PRIMARY KEY (rowid)");
            c.createStatement().execute("SET FILES LOG FALSE");
            c.commit();
            long started = System.nanoTime();
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO bound_track_files (rowid, track_id, status,"
                    + " isrc_has_download, track_popularity, secondary_priority, reencoded_kbit_vbr, inputs_fetched_at, work_order)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (long rowid = 1; rowid <= last; rowid++) {
                    insert.setLong(1, rowid);
                    insert.setString(2, String.format("%022d", rowid));
                    insert.setString(3, rowid % 3 == 0 ? "skipped_low_priority" : "todo");
                    insert.setInt(4, 0);
                    insert.setInt(5, (int) (rowid % 100));
                    insert.setDouble(6, rowid / 1e6);
                    insert.setObject(7, rowid % 3 == 1 ? 75 : null);
                    insert.setLong(8, 1_700_000_000_000L + rowid);
                    insert.setLong(9, rowid);
                    insert.addBatch();
                    if (rowid % 50_000 == 0 || rowid == last) {
                        insert.executeBatch();
                        c.commit();
                    }
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            c.createStatement().execute("DROP TABLE bound_track_files");
            c.createStatement().execute("SET FILES LOG TRUE");
            c.commit();
            return seconds;
        }
    }

    static long read(String url, String sql, long first, long last, long batch) throws SQLException {
        long rows = 0;
        try (Connection c = DriverManager.getConnection(url, "SA", ""); PreparedStatement query = c.prepareStatement(sql)) {
            c.setAutoCommit(false);
            for (long from = first; from <= last; from += batch) {
                query.setLong(1, from);
                query.setLong(2, Math.min(last, from + batch - 1));
                try (ResultSet rs = query.executeQuery()) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        rows++;
                        for (int column = 1; column <= columns; column++) {
                            rs.getObject(column); // every value handed over, as planning's rows are
                        }
                    }
                }
                c.commit();
            }
        }
        return rows;
    }
}
