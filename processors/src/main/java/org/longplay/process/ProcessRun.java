package org.longplay.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.longplay.catalog.CatalogLocks;
import org.longplay.catalog.CatalogRetry;
import org.longplay.catalog.CatalogRetry.CatalogUnavailableException;
import org.longplay.common.Progress;
import org.longplay.transcode.OpusTranscoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker's run of the process stage, step by step as routes/process.yaml calls it. Any number of
 * workers (processes, on any number of machines sharing the catalogue and the workspace) work one queue:
 * <ol>
 * <li>{@link #begin}: share the catalogue (a plan or an import running refuses the run, and the other way
 * round), then wait for the queue lock and decide: when no other worker is alive, this one prepares the queue
 * (find the originals, check the finished tracks, name the new ones, check the free space, fill the queue);
 * otherwise it joins the queue the others work;</li>
 * <li>{@link #queueWork}: register as a live worker, let the queue lock go, keep the leases of its claims and
 * its heartbeat fresh (a keeper thread), and hand out claims in work order;</li>
 * <li>{@link #archive} / {@link #transcode} and {@link #recordSuccess} / {@link #recordFailure}, per track, from
 * several threads at once;</li>
 * <li>{@link #finish}: the report; {@link #close} gives back what the run holds, whatever happened.</li>
 * </ol>
 */
public final class ProcessRun implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessRun.class);

    private final DataSource catalog;
    private final ProcessSettings settings;
    private final OriginalArchiver archiver;
    private final OpusArchiver opusArchiver;
    private final OutcomeRecorder recorder;
    private final ProcessWorker worker;
    private final CatalogRetry retry;
    private final long startedAt = System.currentTimeMillis();
    private long originalsFound;
    private FinishedCheck.Summary finished = new FinishedCheck.Summary(0, 0);
    private long named;
    private boolean prepares;
    /** Seconds of each preparation step, in order, for the summary. */
    private final Map<String, Double> preparation = new LinkedHashMap<>();
    private ProcessReport report;
    private WorkQueue.Claims claims;
    private CatalogLocks.Held catalogueShare;
    private CatalogLocks.Held queueLock;
    private Thread leaseKeeper;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile String stopped;
    private boolean ended;

    public ProcessRun(DataSource catalog, ProcessSettings settings, OpusTranscoder transcoder) throws SQLException {
        this.catalog = catalog;
        this.settings = settings;
        this.retry = new CatalogRetry(settings.retryMillis());
        this.worker = new ProcessWorker(catalog, settings.workerId(), settings.threads(), settings.leaseMillis());
        MemoryBudget budget = MemoryBudget.ofThisJvm();
        this.archiver = new OriginalArchiver(catalog, settings, budget);
        this.opusArchiver = new OpusArchiver(catalog, settings, transcoder, budget);
        this.recorder = new OutcomeRecorder(catalog, settings, settings.workerId(), retry);
    }

    public ProcessSettings settings() {
        return settings;
    }

    /** What a run would do, without writing anything. */
    public ProcessSurvey.Survey survey(int originalKbit) throws IOException, SQLException {
        return ProcessSurvey.survey(catalog, settings, originalKbit);
    }

    /**
     * Shares the catalogue with the other workers and releases (never with an import or a plan), then waits for
     * the queue lock. Returns whether this worker prepares the queue (no other worker is alive) or joins it.
     */
    public boolean begin() throws SQLException {
        catalogueShare = CatalogLocks.shared(catalog, CatalogLocks.CATALOGUE, "process");
        queueLock = CatalogLocks.exclusiveWaiting(catalog, CatalogLocks.QUEUE, "process");
        try (Connection c = catalog.getConnection()) {
            long others = ProcessWorker.othersAlive(c, worker.id());
            prepares = others == 0;
            if (!prepares) {
                LOG.info("{} other worker(s) are processing this catalogue: joining their queue", others);
            }
        }
        return prepares;
    }

    public void indexOriginals() throws IOException, SQLException {
        long started = System.nanoTime();
        originalsFound = new OriginalsIndex(catalog).refresh(settings.originals()).files();
        timed("originals", started);
        LOG.info("{} originals under {}", originalsFound, settings.originals());
    }

    /**
     * Checks the finished tracks. Workers that died working (killed, power cut) left their rows 'working': what
     * they wrote since they started is read and hashed again, so outputs need no fsync to be trusted.
     */
    public void checkFinished() throws IOException, SQLException {
        long started = System.nanoTime();
        long diedSince;
        try (Connection c = catalog.getConnection()) {
            diedSince = ProcessWorker.diedSince(c);
        }
        if (diedSince != Long.MAX_VALUE) {
            LOG.warn("a run started at {} did not end cleanly: checking the files written since, byte by byte",
                    java.time.Instant.ofEpochMilli(diedSince));
        }
        finished = new FinishedCheck(catalog, settings.archive(), settings.patches(), settings.rehashFinished(), diedSince).run();
        timed("check", started);
    }

    public void nameTracks() throws SQLException {
        long started = System.nanoTime();
        named = new ArchiveNaming(catalog).nameAll();
        timed("names", started);
    }

    /**
     * Registers this worker as alive and hands out the claims, in work order, for the splitter. The worker that
     * prepares first refills the queue from the plan and removes the partial outputs killed workers left in the
     * work folder (nothing reads them; their tracks are still todo).
     */
    public WorkQueue.Claims queueWork() throws SQLException, IOException {
        long started = System.nanoTime();
        WorkQueue queue = new WorkQueue(catalog);
        long queued;
        if (prepares) {
            clearWorkFolders();
            queued = queue.rebuild();
            timed("queue", started);
        } else {
            queued = queue.length();
        }
        worker.register(startedAt);
        queueLock.close(); // the next worker may decide now: this one is alive and the queue is filled
        queueLock = null;
        report = new ProcessReport(queued, Progress.onTerminal("process", queued));
        if (prepares) {
            report.preparation(originalsFound, finished.checked(), finished.requeued(), named, preparation);
        } else {
            report.joined(worker.id());
        }
        report.opusTranscoder(opusArchiver.transcoderName());
        claims = queue.claims(new WorkQueue.ClaimSettings(worker.id(), settings.claimBatch(), settings.leaseMillis(),
                settings.originals(), retry));
        claims.stopWhen(() -> {
            if (stopped == null && org.longplay.common.Shutdown.requested()) {
                stop("stopped on request (SIGTERM): the tracks in flight were finished, the rest are still todo for the next run", true);
            }
            if (stopped == null) {
                stopIfTheDiskIsFull();
            }
            return stopped != null;
        });
        startLeaseKeeper();
        return claims;
    }

    /**
     * After a round of claims (the splitter found no free row and its tracks in flight are done): whether to go
     * another round. Waits while other workers hold rows, which come back if their worker dies; false when the
     * queue holds none but this worker's, or the run is stopping.
     */
    public boolean anotherRound() throws SQLException {
        try {
            return claims.awaitReturns(() -> stopped != null || org.longplay.common.Shutdown.requested());
        } catch (CatalogUnavailableException e) {
            catalogueAway(e);
            return false;
        }
    }

    /**
     * Every third of a lease: the claims' leases renewed, the heartbeat and counters written, and the share of
     * the catalogue checked. After the database was away the share is gone with its session: it is taken again,
     * and if a plan or an import took the catalogue meanwhile, the run stops (its claims would be stale).
     */
    private void startLeaseKeeper() {
        long every = Math.max(200, settings.leaseMillis() / 3);
        leaseKeeper = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    return;
                }
                keepLeases();
            }
        }, "process-lease-keeper");
        leaseKeeper.setDaemon(true);
        leaseKeeper.start();
    }

    private void keepLeases() {
        try {
            claims.renew();
            ProcessReport.Counters counters = report.counters();
            worker.heartbeat(counters.done(), counters.failed(), counters.bytesWritten());
            if (!catalogueShare.intact()) {
                catalogueShare.close();
                try {
                    catalogueShare = CatalogLocks.shared(catalog, CatalogLocks.CATALOGUE, "process");
                    LOG.warn("the catalogue answers again; this worker shares it again and goes on");
                } catch (CatalogLocks.CatalogBusyException e) {
                    stop("stopped: while the catalogue was away, another command took it alone (" + e.getMessage()
                            + "); the tracks in flight are not recorded, the rest are still todo");
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("cannot renew this worker's leases ({}): retrying in {} ms; claims whose lease ends go back to the queue",
                    e.getMessage(), Math.max(200, settings.leaseMillis() / 3));
        }
    }

    /**
     * The workspace's free space against what the tracks still {@code todo} will write: the originals' own
     * sizes for those kept (from the originals index), and for re-encodes the planned bitrate over the playing
     * time plus a quarter (VBR runs above its nominal rate), plus the configured reserve. Null when there is
     * room, else the figures.
     */
    public String freeSpaceShortfall() throws SQLException, IOException {
        if (!settings.checkFreeSpace()) {
            return null;
        }
        long kept;
        long reencoded;
        try (Connection c = catalog.getConnection(); java.sql.Statement s = c.createStatement()) {
            try (java.sql.ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(o.size), 0) FROM track_files f "
                    + "JOIN originals o ON o.track_id = f.track_id WHERE f.status = 'todo' AND f.reencoded_kbit_vbr IS NULL")) {
                rs.next();
                kept = rs.getLong(1);
            }
            try (java.sql.ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(t.duration_ms * f.reencoded_kbit_vbr), 0) FROM track_files f "
                    + "JOIN tracks t ON t.rowid = f.rowid WHERE f.status = 'todo' AND f.reencoded_kbit_vbr IS NOT NULL")) {
                rs.next();
                reencoded = rs.getLong(1) / 8 * 5 / 4; // ms x kbit/s / 8 = bytes, plus a quarter
            }
        }
        long needed = kept + reencoded + settings.freeSpaceReserve();
        Path existing = FreeSpace.existing(settings.archive());
        long free = FreeSpace.usable(existing);
        if (free >= needed) {
            return null;
        }
        return String.format(Locale.ROOT, "not enough free space in %s: %,d bytes free, %,d needed "
                + "(%,d for originals kept, ~%,d for Opus re-encodes, %,d kept in reserve); short by %,d bytes. "
                + "Free some space or move the workspace; nothing was processed.", existing, free, needed, kept, reencoded,
                settings.freeSpaceReserve(), needed - free);
    }

    private volatile long diskCheckedAt;

    /**
     * Stops claiming once the workspace's file system has less free than longplay.process.free-space-reserve (looked
     * at once a second at most): a full disk fails every write alike, and an embedded catalogue on it would lose
     * outcomes it had accepted (HSQLDB cannot append to its log, and says so only in its own log).
     */
    private void stopIfTheDiskIsFull() {
        long now = System.nanoTime();
        if (now - diskCheckedAt < 1_000_000_000L) {
            return;
        }
        diskCheckedAt = now;
        try {
            long free = FreeSpace.usable(settings.archive());
            if (free < settings.freeSpaceReserve()) {
                stop(String.format(Locale.ROOT, "stopped: the workspace's file system (%s) has %,d bytes free, less than"
                        + " longplay.process.free-space-reserve (%,d): the tracks in flight were finished and recorded, the rest are"
                        + " still todo. Free some space, then run again.", FreeSpace.existing(settings.archive()), free,
                        settings.freeSpaceReserve()));
            }
        } catch (IOException e) {
            LOG.warn("cannot read the free space of {}: {}", settings.archive(), e.getMessage());
        }
    }

    /** Why the run stopped claiming tracks early, or null. */
    public String stoppedBecause() {
        return stopped;
    }

    private void stop(String reason) {
        stop(reason, false);
    }

    private synchronized void stop(String reason, boolean onRequest) {
        if (stopped == null) {
            stopped = reason;
            if (onRequest) {
                LOG.warn(reason);
            } else {
                LOG.error(reason);
            }
            if (report != null) {
                report.stopped(reason, onRequest);
            }
        }
    }

    private void timed(String step, long startedNanos) {
        preparation.put(step, (System.nanoTime() - startedNanos) / 1e9);
    }

    /** Removes every worker's work folder (partial outputs of workers that died); only while no worker is alive. */
    private void clearWorkFolders() throws IOException {
        Path all = settings.work().getParent();
        if (!Files.isDirectory(all)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(all)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(all)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** This worker's temporary files: none is left once its tracks in flight are done. */
    private void deleteOwnWorkFolder() {
        if (!Files.isDirectory(settings.work())) {
            return;
        }
        try (Stream<Path> paths = Files.walk(settings.work())) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot remove this worker's work folder {} ({}): the next run that prepares the queue does", settings.work(),
                    e.getMessage());
        }
    }

    /** A track kept in original quality: tag, patch, hash. */
    public TrackOutcome archive(WorkItem item) throws TrackFailure, IOException, SQLException {
        return archiver.archive(item);
    }

    /** A popularity-0 track planned for re-encoding: transcode, tag, hash. */
    public TrackOutcome transcode(WorkItem item) throws TrackFailure, IOException, SQLException {
        return opusArchiver.archive(item);
    }

    public void recordSuccess(WorkItem item, TrackOutcome outcome) throws SQLException {
        String trackId = item.trackId();
        try {
            OutcomeRecorder.Recorded recorded = recorder.success(outcome);
            if (recorded == OutcomeRecorder.Recorded.RECORDED) {
                report.succeeded(outcome);
                consecutiveFailures.set(0);
            } else {
                report.notRecorded(trackId, recorded);
            }
        } catch (CatalogUnavailableException e) {
            catalogueAway(e);
        } catch (SQLException e) {
            stop("stopped: the outcome of track " + trackId + " cannot be recorded in the catalogue (" + e.getMessage()
                    + "); its files are in place but it stays todo, and so do the tracks not reached");
        } finally {
            claims.released(outcome.workOrder(), outcome.rowid());
        }
    }

    /**
     * Records why a track failed: a {@link TrackFailure} is the input's fault and sets its error status;
     * anything else (a full disk, a bug) leaves the track {@code todo} for the next run. A track that failed
     * because the catalogue's connection was lost goes back to the queue for another try in this run; a
     * catalogue that does not answer at all stops the run: nothing can be recorded. Never throws: it runs in the
     * error handler, and a run that cannot record stops with the reason instead.
     */
    public void recordFailure(WorkItem item, Throwable failure) {
        try {
            if (causedByCatalogueAway(failure) != null) {
                catalogueAway(causedByCatalogueAway(failure));
                return;
            }
            if (failure instanceof SQLException sql && CatalogRetry.lostConnection(sql)) {
                LOG.warn("track {} lost its catalogue connection ({}): back to the queue", item.trackId(), failure.getMessage());
                retry.call("giving a claim back", () -> claims.giveBack(item.workOrder(), item.rowid()));
                return;
            }
            OutcomeRecorder.Recorded recorded;
            if (failure instanceof TrackFailure f) {
                recorded = recorder.failure(item, f);
                if (recorded == OutcomeRecorder.Recorded.RECORDED) {
                    report.failed(item.trackId(), f.status(), f.getMessage());
                }
            } else {
                String reason = failure.getClass().getSimpleName() + ": " + failure.getMessage();
                if (failure instanceof IOException) {
                    LOG.error("track {} failed, to be tried again: {}", item.trackId(), reason); // the reason says it all
                } else {
                    LOG.error("track {} failed, to be tried again: {}", item.trackId(), reason, failure); // a bug: its trace
                }
                recorded = recorder.retryLater(item, reason);
                if (recorded == OutcomeRecorder.Recorded.RECORDED) {
                    report.failed(item.trackId(), "todo (will retry)", reason);
                }
            }
            if (recorded != OutcomeRecorder.Recorded.RECORDED) {
                report.notRecorded(item.trackId(), recorded);
                return;
            }
        } catch (CatalogUnavailableException e) {
            catalogueAway(e);
            return;
        } catch (SQLException | RuntimeException e) {
            stop("stopped: the outcome of track " + item.trackId() + " cannot be recorded in the catalogue (" + e.getMessage()
                    + "); it stays todo, and so do the tracks not reached");
            return;
        } finally {
            claims.released(item.workOrder(), item.rowid());
        }
        if (failure instanceof ProcessingError error) {
            stop("stopped: " + error.getMessage() + "; the track stays todo, and so do the tracks not reached. Give the workers more"
                    + " memory (LONGPLAY_JAVA_OPTS -Xmx) or fewer threads (longplay.process.workers), then run again.");
            return;
        }
        if (failure instanceof TrackFailure f && !f.diskSuspect()) {
            return; // a bad input says nothing about the disks: it neither trips nor resets the breaker
        }
        stopIfTheDiskIsFull();
        int inARow = consecutiveFailures.incrementAndGet();
        int limit = settings.maxConsecutiveFailures();
        if (limit > 0 && inARow >= limit) {
            // a disk gone or full fails every track alike: stop instead of marking thousands of them
            stop(String.format(Locale.ROOT, "stopped after %d failures in a row (longplay.process.max-consecutive-failures); "
                    + "the last: track %s: %s. Check the disks and the originals folder, then run again: tracks not reached are still todo.",
                    inARow, item.trackId(), failure.getMessage()));
        }
    }

    private static CatalogUnavailableException causedByCatalogueAway(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CatalogUnavailableException away) {
                return away;
            }
        }
        return null;
    }

    private void catalogueAway(CatalogUnavailableException e) {
        stop("stopped: " + e.getMessage() + ". Nothing was recorded meanwhile; the tracks in flight go back to the queue"
                + " when their lease ends, the rest are still todo. Start the worker again once the database is back.");
    }

    /**
     * Ends the run cleanly: progress closed, claims never started given back, the worker's row ended, the catalogue
     * told to keep what it accepted (an embedded one writes it out: a failure there is reported, not swallowed); the
     * report.
     */
    public ProcessReport finish() throws SQLException {
        report.finish();
        stopLeaseKeeper();
        try (Connection c = catalog.getConnection()) {
            org.longplay.catalog.CatalogDialect.of(c).makeDurable(c);
        } catch (SQLException e) {
            report.catalogueNotSaved("the catalogue could not save this run's outcomes (" + e.getMessage() + "): the counts above may"
                    + " not all be kept; free space on its disk, then `longplay status` says what it holds (tracks whose outcome"
                    + " was lost are todo and are processed again)");
        }
        retry.call("giving back unstarted claims", () -> claims.giveBack());
        ProcessReport.Counters counters = report.counters();
        retry.call("ending this worker", () -> {
            worker.end(stopped == null ? ProcessWorker.FINISHED : ProcessWorker.STOPPED, stopped, counters.done(), counters.failed(),
                    counters.bytesWritten());
            return null;
        });
        ended = true;
        close();
        return report;
    }

    private void stopLeaseKeeper() {
        if (leaseKeeper != null) {
            leaseKeeper.interrupt();
            try {
                leaseKeeper.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            leaseKeeper = null;
        }
    }

    /**
     * Gives back what the run holds, however it ended: the keeper stopped, the locks released. A run that failed
     * before {@link #finish} ends its worker row as stopped, so the next run need not re-read its files.
     */
    @Override
    public void close() {
        stopLeaseKeeper();
        if (!ended && report != null) {
            ended = true;
            try {
                ProcessReport.Counters counters = report.counters();
                worker.end(ProcessWorker.STOPPED, stopped != null ? stopped : "the run failed", counters.done(), counters.failed(),
                        counters.bytesWritten());
            } catch (SQLException e) {
                LOG.warn("cannot end this worker's row ({}): the next run will treat it as having died", e.getMessage());
            }
        }
        if (queueLock != null) {
            queueLock.close();
            queueLock = null;
        }
        if (catalogueShare != null) {
            catalogueShare.close();
            catalogueShare = null;
        }
        deleteOwnWorkFolder();
        if (claims != null) {
            try {
                claims.giveBack();
            } catch (SQLException e) {
                LOG.warn("cannot give back this worker's claims ({}): they return to the queue when their lease ends", e.getMessage());
            }
            claims.close();
        }
    }
}
