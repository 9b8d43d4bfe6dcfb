package org.longplay.catalog;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Locks across every machine that shares a catalogue (PostgreSQL advisory locks, held by a session that
 * stays open while the lock is held; the server drops them when the session ends, however its process ends).
 * Who may run beside whom:
 * <ul>
 * <li>{@link #CATALOGUE}: import and plan take it alone; process and release share it. So a plan never
 * changes the queue under running workers, and an import never changes what a plan or a release reads.</li>
 * <li>{@link #RELEASE}: one release at a time (it writes releases/ and torrents.json).</li>
 * <li>{@link #QUEUE}: held while a worker decides whether to prepare the queue or join the one being worked.</li>
 * </ul>
 * A command that cannot have its lock is refused at once, naming each holder (host, pid, command, since):
 * {@link CatalogBusyException}, exit 2. On the embedded HSQLDB these locks are free: the workspace lock already
 * keeps every other process out.
 */
public final class CatalogLocks {
    public static final String CATALOGUE = "catalogue";
    public static final String RELEASE = "release";
    public static final String QUEUE = "queue";

    private CatalogLocks() {
    }

    /** The catalogue is held by someone else: the message names them. Bad timing, not a failure: exit 2. */
    public static final class CatalogBusyException extends IllegalStateException {
        public CatalogBusyException(String message) {
            super(message);
        }
    }

    /** A lock this process holds; {@link #close()} gives it back. */
    public static final class Held implements AutoCloseable {
        private final CatalogDialect dialect;
        private final Connection connection;
        private final long key;
        private final boolean shared;
        private final String name;
        private Held next;

        private Held(CatalogDialect dialect, Connection connection, long key, boolean shared, String name) {
            this.dialect = dialect;
            this.connection = connection;
            this.key = key;
            this.shared = shared;
            this.name = name;
        }

        /** Whether the session holding the lock is still there (false after the database restarted: the lock is gone). */
        public boolean intact() {
            try {
                return connection == null || connection.isValid(5);
            } catch (SQLException e) {
                return false;
            }
        }

        public String name() {
            return name;
        }

        /** This lock, and {@code other} given back after it. */
        public Held andThen(Held other) {
            this.next = other;
            return this;
        }

        @Override
        public void close() {
            try {
                release();
            } finally {
                if (next != null) {
                    next.close();
                }
            }
        }

        private void release() {
            if (connection == null) {
                return;
            }
            try {
                if (!connection.isClosed() && connection.isValid(5)) {
                    dialect.unlock(connection, key, shared);
                    try (PreparedStatement s = connection.prepareStatement("DELETE FROM lock_holders WHERE session_id = ? AND lock_name = ?")) {
                        s.setLong(1, dialect.sessionId(connection));
                        s.setString(2, name);
                        s.executeUpdate();
                    }
                }
            } catch (SQLException e) {
                // the session is gone, and its lock with it
            } finally {
                try {
                    connection.close();
                } catch (SQLException e) {
                    // nothing left to give back
                }
            }
        }
    }

    /** {@code name} alone for {@code stage} (import, plan, ...), or {@link CatalogBusyException} naming whoever holds it. */
    public static Held exclusive(DataSource catalog, String name, String stage) throws SQLException {
        return take(catalog, name, false, stage, false);
    }

    /** {@code name} beside others who share it, or {@link CatalogBusyException} naming who holds it alone. */
    public static Held shared(DataSource catalog, String name, String stage) throws SQLException {
        return take(catalog, name, true, stage, false);
    }

    /** {@code name} alone, waiting while others hold it (for short holds, such as preparing the queue). */
    public static Held exclusiveWaiting(DataSource catalog, String name, String stage) throws SQLException {
        return take(catalog, name, false, stage, true);
    }

    private static Held take(DataSource catalog, String name, boolean shared, String stage, boolean wait) throws SQLException {
        String what = command(catalog, stage);
        CatalogDialect dialect = CatalogDialect.of(catalog);
        if (dialect.embedded()) {
            return new Held(dialect, null, 0, shared, name);
        }
        Connection connection = catalog.getConnection();
        try {
            connection.setAutoCommit(true);
            long key = key(connection, name);
            while (!dialect.tryLock(connection, key, shared)) {
                if (!wait) {
                    throw new CatalogBusyException("the catalogue is busy: " + what + " needs " + (shared ? "to share" : "alone")
                            + " the " + name + " lock, held by " + holders(dialect, connection, key, name)
                            + ". Wait for that to finish, or stop it, and try again.");
                }
                Thread.sleep(200);
            }
            try (PreparedStatement s = connection.prepareStatement("INSERT INTO lock_holders (session_id, lock_name, holder) VALUES (?, ?, ?)")) {
                long session = dialect.sessionId(connection);
                try (PreparedStatement stale = connection.prepareStatement("DELETE FROM lock_holders WHERE session_id = ? AND lock_name = ?")) {
                    stale.setLong(1, session); // a row left by an earlier session that had the same server pid
                    stale.setString(2, name);
                    stale.executeUpdate();
                }
                s.setLong(1, session);
                s.setString(2, name);
                s.setString(3, label(what));
                s.executeUpdate();
            }
            return new Held(dialect, connection, key, shared, name);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        } catch (InterruptedException e) {
            connection.close();
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the " + name + " lock", e);
        }
    }

    /** Who holds lock {@code key}, as their rows in lock_holders say (sessions that hold it now only). */
    private static String holders(CatalogDialect dialect, Connection connection, long key, String name) throws SQLException {
        List<Long> sessions = dialect.holdersOf(connection, key);
        List<String> labels = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT holder FROM lock_holders WHERE session_id = ? AND lock_name = ?")) {
            for (long session : sessions) {
                s.setLong(1, session);
                s.setString(2, name);
                try (ResultSet rs = s.executeQuery()) {
                    labels.add(rs.next() ? rs.getString(1) : "database session " + session + " (not a Longplay command)");
                }
            }
        }
        return labels.isEmpty() ? "a session that just ended" : String.join("; ", labels);
    }

    /** "`longplay plan`", or "`longplay run` (plan)" when the stage runs inside another command. */
    private static String command(DataSource catalog, String stage) {
        String command = catalog instanceof CatalogDataSource c ? c.applicationName() : "longplay";
        return "`" + command + "`" + (command.equals("longplay " + stage) ? "" : " (" + stage + ")");
    }

    /** "host box1, pid 4711, `longplay process` since 2026-...Z": what a refused command is told. */
    static String label(String what) {
        return "host " + thisHost() + ", pid " + ProcessHandle.current().pid() + ", " + what + " since " + Instant.now();
    }

    public static String thisHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** The advisory-lock key of {@code name} in this database's schema: 64 bits of its SHA-256. */
    private static long key(Connection connection, String name) throws SQLException {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("longplay:" + connection.getSchema() + ":" + name)
                    .getBytes(StandardCharsets.UTF_8));
            return java.nio.ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
