package org.longplay.process;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.longplay.catalog.CatalogDialect;

/**
 * This process as a worker of the catalogue: its row in {@code process_workers}, written when it starts
 * taking tracks, touched with every lease renewal (heartbeat, counters: the database's clock, so that
 * machines with different clocks agree on who is alive), and ended with a state and a reason. A worker is
 * alive while its heartbeat is younger than its lease; on the embedded catalogue, which one process holds,
 * no other worker is ever alive.
 */
public final class ProcessWorker {
    public static final String WORKING = "working";
    public static final String FINISHED = "finished";
    public static final String STOPPED = "stopped";
    public static final String DIED = "died";

    /** A worker as {@code status} shows it. */
    public record Seen(String workerId, String host, long pid, int threads, long startedAt, long heartbeatAt, long leaseUntil,
            String state, long tracksDone, long tracksFailed, long bytesWritten, Long endedAt, String reason) {
        /** Tracks per second since it started, by its last heartbeat. */
        public double rate() {
            long seconds = Math.max(1, (heartbeatAt - startedAt) / 1000);
            return tracksDone / (double) seconds;
        }
    }

    private final DataSource catalog;
    private final String id;
    private final int threads;
    private final long leaseMillis;
    private final String now;

    public ProcessWorker(DataSource catalog, String id, int threads, long leaseMillis) throws SQLException {
        this.catalog = catalog;
        this.id = id;
        this.threads = threads;
        this.leaseMillis = leaseMillis;
        this.now = CatalogDialect.of(catalog).nowMillis();
    }

    /** host-pid-start: unique among the workers of a catalogue, readable in status and in the queue's claims. */
    public static String newId() {
        return org.longplay.catalog.CatalogLocks.thisHost() + "-" + ProcessHandle.current().pid() + "-"
                + Long.toString(System.currentTimeMillis(), 36);
    }

    public String id() {
        return id;
    }

    /** Starts taking tracks: alive from now on. {@code startedAt} is this machine's clock, as the tracks' processing times are. */
    public void register(long startedAt) throws SQLException {
        try (Connection c = catalog.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO process_workers"
                + " (worker_id, host, pid, threads, started_at, heartbeat_at, lease_millis, state, tracks_done, tracks_failed, bytes_written)"
                + " VALUES (?, ?, ?, ?, ?, " + now + ", ?, ?, 0, 0, 0)")) {
            s.setString(1, id);
            s.setString(2, org.longplay.catalog.CatalogLocks.thisHost());
            s.setLong(3, ProcessHandle.current().pid());
            s.setInt(4, threads);
            s.setLong(5, startedAt);
            s.setLong(6, leaseMillis);
            s.setString(7, WORKING);
            s.executeUpdate();
        }
    }

    /** Still alive, with these counters. */
    public void heartbeat(long done, long failed, long bytesWritten) throws SQLException {
        try (Connection c = catalog.getConnection(); PreparedStatement s = c.prepareStatement("UPDATE process_workers SET heartbeat_at = "
                + now + ", tracks_done = ?, tracks_failed = ?, bytes_written = ? WHERE worker_id = ?")) {
            s.setLong(1, done);
            s.setLong(2, failed);
            s.setLong(3, bytesWritten);
            s.setString(4, id);
            s.executeUpdate();
        }
    }

    /** Ends the worker: {@link #FINISHED} (the queue was empty) or {@link #STOPPED} with why. */
    public void end(String state, String reason, long done, long failed, long bytesWritten) throws SQLException {
        try (Connection c = catalog.getConnection(); PreparedStatement s = c.prepareStatement("UPDATE process_workers SET state = ?,"
                + " reason = ?, heartbeat_at = " + now + ", ended_at = " + now + ", tracks_done = ?, tracks_failed = ?, bytes_written = ?"
                + " WHERE worker_id = ?")) {
            s.setString(1, state);
            s.setString(2, reason == null ? null : reason.length() > 4000 ? reason.substring(0, 4000) : reason);
            s.setLong(3, done);
            s.setLong(4, failed);
            s.setLong(5, bytesWritten);
            s.setString(6, id);
            s.executeUpdate();
        }
    }

    /** How many workers other than {@code me} are alive (0 on the embedded catalogue: one process holds it). */
    public static long othersAlive(Connection c, String me) throws SQLException {
        CatalogDialect dialect = CatalogDialect.of(c);
        if (dialect.embedded()) {
            return 0;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM process_workers WHERE state = ? AND worker_id <> ?"
                + " AND heartbeat_at + lease_millis >= " + dialect.nowMillis())) {
            s.setString(1, WORKING);
            s.setString(2, me);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * The workers that died working (killed, power cut): still {@link #WORKING} but not alive. They are marked
     * {@link #DIED}; returns the earliest start among them (their own clock), or {@code Long.MAX_VALUE} for none:
     * what they wrote since is read and hashed again before it is trusted. Only while no worker is alive.
     */
    public static long diedSince(Connection c) throws SQLException {
        long since = Long.MAX_VALUE;
        try (PreparedStatement s = c.prepareStatement("SELECT MIN(started_at), COUNT(*) FROM process_workers WHERE state = ?")) {
            s.setString(1, WORKING);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next() && rs.getLong(2) > 0) {
                    since = rs.getLong(1);
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE process_workers SET state = ?, reason = ? WHERE state = ?")) {
            s.setString(1, DIED);
            s.setString(2, "ended without a word (killed, or its machine went down); its files were checked by the next run");
            s.setString(3, WORKING);
            s.executeUpdate();
        }
        return since;
    }

    /** The workers alive now and those that ended in the last {@code recentMillis}, newest first (for status). */
    public static List<Seen> seen(DataSource catalog, long recentMillis) throws SQLException {
        List<Seen> workers = new ArrayList<>();
        try (Connection c = catalog.getConnection()) {
            String now = CatalogDialect.of(c).nowMillis();
            try (PreparedStatement s = c.prepareStatement("SELECT w.worker_id, w.host, w.pid, w.threads, w.started_at, w.heartbeat_at,"
                    + " COALESCE((SELECT MAX(q.lease_until) FROM work_queue q WHERE q.claimed_by = w.worker_id), w.heartbeat_at + w.lease_millis),"
                    + " TRIM(CASE WHEN w.state = 'working' AND w.heartbeat_at + w.lease_millis < " + now + " THEN 'not heard from' ELSE w.state END),"
                    + " w.tracks_done, w.tracks_failed, w.bytes_written, w.ended_at, w.reason"
                    + " FROM process_workers w WHERE w.state = 'working' OR w.heartbeat_at >= " + now + " - ?"
                    + " ORDER BY w.started_at DESC, w.worker_id")) {
                s.setLong(1, recentMillis);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long ended = rs.getLong(12);
                        Long endedAt = rs.wasNull() ? null : ended;
                        workers.add(new Seen(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getInt(4), rs.getLong(5), rs.getLong(6),
                                rs.getLong(7), rs.getString(8), rs.getLong(9), rs.getLong(10), rs.getLong(11), endedAt, rs.getString(13)));
                    }
                }
            }
        }
        return workers;
    }
}
