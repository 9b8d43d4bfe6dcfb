package org.longplay.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.longplay.common.Progress;
import org.longplay.transcode.OpusTranscoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the process stage, step by step as routes/process.yaml calls it: find the originals,
 * check the finished tracks, name the new ones, queue the work, then archive and record each track
 * (from several workers at once), then report. Holds what the steps share.
 */
public final class ProcessRun {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessRun.class);

    private final DataSource catalog;
    private final ProcessSettings settings;
    private final OriginalArchiver archiver;
    private final OpusArchiver opusArchiver;
    private final OutcomeRecorder recorder;
    private long originalsFound;
    private FinishedCheck.Summary finished = new FinishedCheck.Summary(0, 0);
    private long named;
    /** Seconds of each preparation step, in order, for the summary. */
    private final java.util.Map<String, Double> preparation = new java.util.LinkedHashMap<>();
    private ProcessReport report;
    private final java.util.concurrent.atomic.AtomicInteger consecutiveFailures = new java.util.concurrent.atomic.AtomicInteger();
    private volatile String stopped;

    public ProcessRun(DataSource catalog, ProcessSettings settings, OpusTranscoder transcoder) {
        this.catalog = catalog;
        this.settings = settings;
        this.archiver = new OriginalArchiver(catalog, settings);
        this.opusArchiver = new OpusArchiver(catalog, settings, transcoder);
        this.recorder = new OutcomeRecorder(catalog, settings);
    }

    public ProcessSettings settings() {
        return settings;
    }

    /** What a run would do, without writing anything. */
    public ProcessSurvey.Survey survey(int originalKbit) throws IOException, SQLException {
        return ProcessSurvey.survey(catalog, settings, originalKbit);
    }

    public void indexOriginals() throws IOException, SQLException {
        long started = System.nanoTime();
        originalsFound = new OriginalsIndex(catalog).refresh(settings.originals()).files();
        timed("originals", started);
        LOG.info("{} originals under {}", originalsFound, settings.originals());
    }

    /**
     * Checks the finished tracks. A run marker left by an earlier run means that run did not end
     * cleanly (killed, power cut): what it wrote is read and hashed again, so outputs need no fsync to
     * be trusted. Then this run leaves its own marker, removed by {@link #finish}.
     */
    public void checkFinished() throws IOException, SQLException {
        long started = System.nanoTime();
        long unfinishedRunStart = Long.MAX_VALUE;
        if (Files.exists(runMarker())) {
            unfinishedRunStart = Long.parseLong(Files.readString(runMarker()).strip());
            LOG.warn("the run started at {} did not end cleanly: checking the files it wrote byte by byte",
                    java.time.Instant.ofEpochMilli(unfinishedRunStart));
        }
        finished = new FinishedCheck(catalog, settings.archive(), settings.patches(), settings.rehashFinished(),
                unfinishedRunStart).run();
        Files.createDirectories(runMarker().getParent());
        Path partial = runMarker().resolveSibling(runMarker().getFileName() + ".partial");
        // an earlier unclean run's start stays in the marker until a run ends cleanly
        Files.writeString(partial, Long.toString(Math.min(unfinishedRunStart, System.currentTimeMillis())));
        Files.move(partial, runMarker(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        timed("check", started);
    }

    /** Present while a run is under way: {@code <scratch>/process.running}, holding the run's start (epoch ms). */
    private Path runMarker() {
        return settings.work().resolveSibling("process.running");
    }

    public void nameTracks() throws SQLException {
        long started = System.nanoTime();
        named = new ArchiveNaming(catalog).nameAll();
        timed("names", started);
    }

    /**
     * Fills the queue and returns the claims to split over the workers. Partial outputs an earlier,
     * killed run left in the work folder are removed first: nothing reads them, and their tracks
     * are still todo.
     */
    public WorkQueue.Claims queueWork() throws SQLException, IOException {
        long started = System.nanoTime();
        clearWorkFolder();
        WorkQueue queue = new WorkQueue(catalog);
        long queued = queue.rebuild();
        timed("queue", started);
        report = new ProcessReport(queued, Progress.onTerminal("process", queued));
        report.preparation(originalsFound, finished.checked(), finished.requeued(), named, preparation);
        report.opusTranscoder(opusArchiver.transcoderName());
        WorkQueue.Claims claims = queue.claims();
        claims.stopWhen(() -> {
            if (stopped == null && org.longplay.common.Shutdown.requested()) {
                stopped = "stopped on request (SIGTERM): the tracks in flight were finished, the rest are still todo for the next run";
                report.stopped(stopped);
            }
            return stopped != null;
        });
        return claims;
    }

    /**
     * The workspace's free space against what the tracks still {@code todo} will write: the originals'
     * own sizes for those kept (from the originals index), and for re-encodes the planned bitrate over
     * the playing time plus a quarter (VBR runs above its nominal rate), plus the configured reserve.
     * Null when there is room, else the figures.
     */
    public String freeSpaceShortfall() throws SQLException, IOException {
        if (!settings.checkFreeSpace()) {
            return null;
        }
        long kept;
        long reencoded;
        try (java.sql.Connection c = catalog.getConnection(); java.sql.Statement s = c.createStatement()) {
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
        return String.format(java.util.Locale.ROOT, "not enough free space in %s: %,d bytes free, %,d needed "
                + "(%,d for originals kept, ~%,d for Opus re-encodes, %,d kept in reserve); short by %,d bytes. "
                + "Free some space or move the workspace; nothing was processed.", existing, free, needed, kept, reencoded,
                settings.freeSpaceReserve(), needed - free);
    }

    /** Why the run stopped claiming tracks early, or null. */
    public String stoppedBecause() {
        return stopped;
    }

    private void timed(String step, long startedNanos) {
        preparation.put(step, (System.nanoTime() - startedNanos) / 1e9);
    }

    private void clearWorkFolder() throws IOException {
        if (!java.nio.file.Files.isDirectory(settings.work())) {
            return;
        }
        try (java.util.stream.Stream<java.nio.file.Path> partial = java.nio.file.Files.list(settings.work())) {
            for (java.nio.file.Path p : partial.toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
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

    public void recordSuccess(TrackOutcome outcome) throws SQLException {
        recorder.success(outcome);
        report.succeeded(outcome);
        consecutiveFailures.set(0);
    }

    /**
     * Records why a track failed: a {@link TrackFailure} is the input's fault and sets its error
     * status; anything else (a full disk, a bug) leaves the track {@code todo} for the next run.
     */
    public void recordFailure(WorkItem item, Throwable failure) throws SQLException {
        if (failure instanceof TrackFailure f) {
            recorder.failure(item.rowid(), f);
            report.failed(item.trackId(), f.status(), f.getMessage());
        } else {
            String reason = failure.getClass().getSimpleName() + ": " + failure.getMessage();
            LOG.error("track {} failed, to be tried again: {}", item.trackId(), reason, failure);
            recorder.retryLater(item.rowid(), reason);
            report.failed(item.trackId(), "todo (will retry)", reason);
        }
        int inARow = consecutiveFailures.incrementAndGet();
        int limit = settings.maxConsecutiveFailures();
        if (limit > 0 && inARow >= limit && stopped == null) {
            // a disk gone or full fails every track alike: stop instead of marking thousands of them
            stopped = String.format(java.util.Locale.ROOT, "stopped after %d failures in a row (longplay.process.max-consecutive-failures); "
                    + "the last: track %s: %s. Check the disks and the originals folder, then run again: tracks not reached are still todo.",
                    inARow, item.trackId(), failure.getMessage());
            LOG.error(stopped);
            report.stopped(stopped);
        }
    }

    /** Ends the run cleanly: progress closed, run marker removed. */
    public ProcessReport finish() throws IOException {
        report.finish();
        Files.deleteIfExists(runMarker());
        return report;
    }
}
