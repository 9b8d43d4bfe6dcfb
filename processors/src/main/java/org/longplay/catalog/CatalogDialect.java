package org.longplay.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Everything that differs between the catalogue's two engines, in one place: the embedded HSQLDB
 * (the default: one process on one machine) and PostgreSQL (one catalogue for any number of workers
 * on any number of machines). The rest of the code writes portable SQL and asks this class for the
 * few pieces that are not: column types in the migrations, the database clock, claiming rows other
 * workers hold, locks across machines, bulk loading, the followers term of planning.
 */
public abstract class CatalogDialect {

    public static final CatalogDialect HSQLDB = new Hsqldb();
    public static final CatalogDialect POSTGRESQL = new Postgresql();

    CatalogDialect() {
    }

    /** The dialect of the engine behind {@code connection}. */
    public static CatalogDialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("hsql")) {
            return HSQLDB;
        }
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        throw new SQLException("the catalogue runs on " + product + ", which Longplay does not support (HSQLDB or PostgreSQL)");
    }

    /** The dialect of the engine behind {@code dataSource} (the catalogue bean knows it without a connection). */
    public static CatalogDialect of(DataSource dataSource) throws SQLException {
        if (dataSource instanceof CatalogDataSource catalog) {
            return catalog.dialect();
        }
        try (Connection connection = dataSource.getConnection()) {
            return of(connection);
        }
    }

    /** {@code hsqldb} or {@code postgresql}, as logs and status show it. */
    public abstract String name();

    /** Whether one process owns the catalogue (embedded): then nothing else can run against it meanwhile. */
    public abstract boolean embedded();

    /** A statement of the portable migrations (db/migration) as this engine takes it. */
    public String ddl(String portable) {
        return portable;
    }

    /** Statements this engine adds to migration step {@code version}: what it can afford that the other cannot. */
    public List<String> extraMigration(int version) {
        return List.of();
    }

    /** Held while migrating, so that workers starting at the same moment migrate once. */
    public void lockMigrations(Connection connection) throws SQLException {
    }

    /** Before loading many rows (import, plan): what makes a bulk load cheap on this engine. */
    public void beginBulkLoad(Connection connection) throws SQLException {
    }

    /** After a bulk load: make it durable. */
    public void endBulkLoad(Connection connection) throws SQLException {
    }

    /**
     * Drops the keys and indexes of {@code table}, which is empty and about to take a bulk load in this
     * transaction; returns the statements that build them again after it. Embedded: keeps them (appending in
     * key order is what its disk tables do fastest) and returns none.
     */
    public List<String> dropKeysForLoad(Connection connection, String table) throws SQLException {
        return List.of();
    }

    /** How many tables an import loads side by side when longplay.import.parallel-tables is 0 (as the engine likes). */
    public int parallelLoads() {
        return 1;
    }

    /** After an import, in its transaction: what this engine keeps derived from the imported rows. */
    public void afterImport(Connection connection) throws SQLException {
    }

    /**
     * Makes what the catalogue accepted durable, failing if it cannot: HSQLDB writes its data out (CHECKPOINT),
     * which fails when its disk is full; a server's commits are durable already.
     */
    public void makeDurable(Connection connection) throws SQLException {
    }

    /** The database's clock in epoch milliseconds, as an SQL expression: one clock for workers on many machines. */
    public abstract String nowMillis();

    /**
     * Appended to a derived table whose columns the outer query uses many times: computed once per row. PostgreSQL
     * would otherwise flatten it and compute each expression wherever it is used; HSQLDB materialises it anyway.
     */
    public String computeOnce() {
        return "";
    }

    /** Statements that give one transaction the memory a set-based statement over every track wants. */
    public List<String> bulkStatementSettings() {
        return List.of();
    }

    /**
     * Whether UPDATE and DELETE take RETURNING and may stand in a WITH: a claim, or a track's outcome with its
     * queue row's removal, then costs one round trip instead of three (measured on PostgreSQL: catalogue capacity).
     */
    public boolean returningDml() {
        return false;
    }

    /** Statements that make a session give up at once on a lock another command holds, and undo that. */
    public List<String> waitForNoLock(boolean on) {
        return List.of();
    }

    /** Whether {@code e} is a statement that gave up on a lock ({@link #waitForNoLock}). */
    public boolean lockNotAvailable(SQLException e) {
        return false;
    }

    /** Appended to a SELECT that claims rows: skip the rows another worker is claiming at this moment. */
    public String skipLocked() {
        return "";
    }

    /**
     * The followers term of docs/contracts.md §4 (rule 4) before its division by 8, {@code log10(n)} of the SQL expression {@code n}
     * (an integer 1..10^8), exactly as Java's {@link Math#log10} gives it, so that both engines plan the same
     * bits: HSQLDB's LOG10 is Java's, while PostgreSQL's (the C library's) differs in the last bit for about
     * 1.5% of integers; there the values come from {@link FollowersLog10}, which Java fills.
     */
    public abstract String followersLog10(String n);

    /**
     * {@link #followersLog10} for a query over many tracks: {a join to put after the joins that define {@code n},
     * the term's expression}. The join is empty where the engine computes the term inline.
     */
    public String[] followersLog10Joined(String n) {
        return new String[] {"", followersLog10(n)};
    }

    /**
     * Tries the catalogue-wide lock {@code key} on {@code connection} (which must stay open while it is held);
     * true when taken. Embedded: always true (the workspace lock already keeps other processes out).
     */
    public boolean tryLock(Connection connection, long key, boolean shared) throws SQLException {
        return true;
    }

    /** Gives back a lock {@link #tryLock} took on {@code connection}. */
    public void unlock(Connection connection, long key, boolean shared) throws SQLException {
    }

    /** The server process of {@code connection}, which holders of locks are known by; 0 where there is none. */
    public long sessionId(Connection connection) throws SQLException {
        return 0;
    }

    /** The sessions ({@link #sessionId}) holding lock {@code key} at this moment. */
    public List<Long> holdersOf(Connection connection, long key) throws SQLException {
        return List.of();
    }

    private static final class Hsqldb extends CatalogDialect {
        @Override
        public String name() {
            return "hsqldb";
        }

        @Override
        public boolean embedded() {
            return true;
        }

        /**
         * No redo log while loading: a crash mid-load reverts to the last checkpoint, and the import is
         * idempotent, so rerunning it is the recovery. Saves writing every row twice.
         */
        @Override
        public void beginBulkLoad(Connection connection) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET FILES LOG FALSE");
            }
        }

        @Override
        public void endBulkLoad(Connection connection) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET FILES LOG TRUE");
                statement.execute("CHECKPOINT");
            }
        }

        @Override
        public void makeDurable(Connection connection) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CHECKPOINT");
            }
        }

        @Override
        public String nowMillis() {
            return "UNIX_MILLIS()";
        }

        @Override
        public String followersLog10(String n) {
            return "LOG10(CAST(" + n + " AS DOUBLE PRECISION))";
        }
    }

    private static final class Postgresql extends CatalogDialect {
        private static final Pattern TEXT_TYPE = Pattern.compile("\\b((?:VAR)?CHAR\\(\\d+\\))", Pattern.CASE_INSENSITIVE);
        /** Key of the lock held while migrating: "longplay" in ASCII. */
        private static final long MIGRATION_LOCK = 0x6c6f6e67706c6179L;

        @Override
        public String name() {
            return "postgresql";
        }

        @Override
        public boolean embedded() {
            return false;
        }

        /**
         * Binary columns are BYTEA; text columns compare and sort by code point (collation "C") whatever
         * locale the database was created with, as HSQLDB's do: ORDER BY on ids and names gives the same
         * order, and so the same bytes, on both engines.
         */
        @Override
        public String ddl(String portable) {
            String sql = portable.replaceAll("(?i)\\bVARBINARY\\(\\d+\\)", "BYTEA");
            if (!sql.stripLeading().toUpperCase(Locale.ROOT).matches("(CREATE TABLE|ALTER TABLE)[\\s\\S]*")) {
                return sql;
            }
            Matcher text = TEXT_TYPE.matcher(sql);
            return text.replaceAll("$1 COLLATE \"C\"");
        }

        @Override
        public List<String> extraMigration(int version) {
            return switch (version) {
                // claims walk the unclaimed rows in work order; ended leases are found without reading the queue;
                // the unique index on track_id of docs/contracts.md §5.1, and look-ups of tracks by id (HSQLDB cannot afford either)
                case 7 -> List.of(
                        "CREATE INDEX work_queue_unclaimed ON work_queue (work_order, track_rowid) WHERE lease_until IS NULL",
                        "CREATE INDEX work_queue_leased ON work_queue (lease_until) WHERE lease_until IS NOT NULL",
                        "CREATE UNIQUE INDEX track_files_track_id ON track_files (track_id)",
                        "CREATE INDEX tracks_id ON tracks (id)");
                default -> List.of();
            };
        }

        @Override
        public List<String> dropKeysForLoad(Connection connection, String table) throws SQLException {
            List<String> drop = new java.util.ArrayList<>();
            List<String> restore = new java.util.ArrayList<>();
            try (PreparedStatement s = connection.prepareStatement("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                    + " WHERE conrelid = CAST(? AS regclass) AND contype IN ('p', 'u') ORDER BY conname")) {
                s.setString(1, table);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        drop.add("ALTER TABLE " + table + " DROP CONSTRAINT " + rs.getString(1));
                        restore.add("ALTER TABLE " + table + " ADD CONSTRAINT " + rs.getString(1) + " " + rs.getString(2));
                    }
                }
            }
            try (PreparedStatement s = connection.prepareStatement("SELECT indexname, indexdef FROM pg_indexes"
                    + " WHERE schemaname = current_schema() AND tablename = ? AND indexname NOT IN"
                    + " (SELECT conname FROM pg_constraint WHERE conrelid = CAST(? AS regclass)) ORDER BY indexname")) {
                s.setString(1, table);
                s.setString(2, table);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        drop.add("DROP INDEX " + rs.getString(1));
                        restore.add(rs.getString(2));
                    }
                }
            }
            try (Statement s = connection.createStatement()) {
                for (String sql : drop) {
                    s.execute(sql);
                }
            }
            return restore;
        }

        @Override
        public void lockMigrations(Connection connection) throws SQLException {
            try (PreparedStatement s = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                s.setLong(1, MIGRATION_LOCK);
                s.execute();
            }
        }

        @Override
        public String nowMillis() {
            return "CAST(FLOOR(EXTRACT(EPOCH FROM clock_timestamp()) * 1000) AS BIGINT)";
        }

        @Override
        public void afterImport(Connection connection) throws SQLException {
            FollowersLog10.refresh(connection);
        }

        /** A table per core: the reading and checking of each runs on this machine, the loading on the server. */
        @Override
        public int parallelLoads() {
            return Math.max(2, Runtime.getRuntime().availableProcessors());
        }

        @Override
        public String skipLocked() {
            return " FOR UPDATE SKIP LOCKED";
        }

        @Override
        public boolean returningDml() {
            return true;
        }

        @Override
        public List<String> waitForNoLock(boolean on) {
            return List.of(on ? "SET lock_timeout = '500ms'" : "RESET lock_timeout");
        }

        @Override
        public boolean lockNotAvailable(SQLException e) {
            return "55P03".equals(e.getSQLState());
        }

        @Override
        public String computeOnce() {
            return " OFFSET 0";
        }

        /**
         * Sorts and hashes of a million-row statement in memory; index builds after a load in one pass; no JIT
         * compilation, which costs more than it saves on these statements (measured: 0.6 s of 5 at 1 M tracks).
         */
        @Override
        public List<String> bulkStatementSettings() {
            return List.of("SET LOCAL work_mem = '256MB'", "SET LOCAL maintenance_work_mem = '512MB'", "SET LOCAL jit = off");
        }

        @Override
        public String followersLog10(String n) {
            return "(SELECT fl.log10 FROM followers_log10 fl WHERE fl.n = " + n + ")";
        }

        @Override
        public String[] followersLog10Joined(String n) {
            return new String[] {"LEFT JOIN followers_log10 fl ON fl.n = " + n, "fl.log10"};
        }

        @Override
        public boolean tryLock(Connection connection, long key, boolean shared) throws SQLException {
            try (PreparedStatement s = connection.prepareStatement(
                    shared ? "SELECT pg_try_advisory_lock_shared(?)" : "SELECT pg_try_advisory_lock(?)")) {
                s.setLong(1, key);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        }

        @Override
        public void unlock(Connection connection, long key, boolean shared) throws SQLException {
            try (PreparedStatement s = connection.prepareStatement(
                    shared ? "SELECT pg_advisory_unlock_shared(?)" : "SELECT pg_advisory_unlock(?)")) {
                s.setLong(1, key);
                s.execute();
            }
        }

        @Override
        public long sessionId(Connection connection) throws SQLException {
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        /** A bigint advisory lock shows in pg_locks as classid = its high 32 bits, objid = its low 32 bits, objsubid 1. */
        @Override
        public List<Long> holdersOf(Connection connection, long key) throws SQLException {
            try (PreparedStatement s = connection.prepareStatement("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                    + " AND classid = CAST(? AS OID) AND objid = CAST(? AS OID) AND objsubid = 1 ORDER BY pid")) {
                s.setLong(1, key >>> 32);
                s.setLong(2, key & 0xffffffffL);
                List<Long> holders = new java.util.ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        holders.add(rs.getLong(1));
                    }
                }
                return holders;
            }
        }
    }
}
