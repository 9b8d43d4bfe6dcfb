package org.longplay.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.longplay.common.Progress;
import org.longplay.common.Report;

/**
 * One process run as it goes: shared by the workers (thread-safe), shown as progress on a terminal,
 * rendered as the summary at the end. Keeps the first {@value #LISTED_FAILURES} failures with their
 * reasons for the summary; the catalogue keeps every one ({@code status_reason}).
 */
public final class ProcessReport implements Report {
    static final int LISTED_FAILURES = 200;

    /** A track that failed in this run. */
    public record Failure(String trackId, String status, String reason) {
    }

    private final long started = System.nanoTime();
    private final Map<String, Long> perStatus = new TreeMap<>();
    private final List<Failure> failures = new ArrayList<>();
    private final Progress progress;
    private final long queued;
    private long failed;
    private long done;
    private long bytesRead;
    private long bytesWritten;
    private long originalsFound;
    private long rechecked;
    private long requeued;
    private long named;
    private Map<String, Double> preparationSeconds = Map.of();
    private String joinedAs;
    private long notRecorded;

    public ProcessReport(long queued, Progress progress) {
        this.queued = queued;
        this.progress = progress;
    }

    /** What a worker's heartbeat reports: tracks done (recorded), failed, bytes written. */
    public record Counters(long done, long failed, long bytesWritten) {
    }

    public synchronized Counters counters() {
        return new Counters(done - notRecorded, failed, bytesWritten);
    }

    /** This worker joined a queue another worker prepared (it did no preparation of its own). */
    public synchronized void joined(String workerId) {
        this.joinedAs = workerId;
    }

    /**
     * A track processed here whose outcome was not recorded: its claim had ended and another worker took it, or
     * it was planned again meanwhile. Its files are whole either way; the catalogue decides who records.
     */
    public synchronized void notRecorded(String trackId, OutcomeRecorder.Recorded why) {
        count(why == OutcomeRecorder.Recorded.CLAIM_LOST ? "not recorded (claim taken over)" : "not recorded (planned again)");
        notRecorded++;
    }

    public synchronized void succeeded(TrackOutcome outcome) {
        count("success");
        bytesRead += outcome.originalSize();
        bytesWritten += outcome.distributedSize();
    }

    /** A failure recorded against the track's input ({@code error_*}) or left to retry ({@code todo}). */
    public synchronized void failed(String trackId, String status, String reason) {
        count(status);
        failed++;
        if (failures.size() < LISTED_FAILURES) {
            failures.add(new Failure(trackId, status, reason));
        }
    }

    private void count(String status) {
        perStatus.merge(status, 1L, Long::sum);
        done++;
        progress.update(done);
    }

    public synchronized void preparation(long originalsFound, long rechecked, long requeued, long named,
            Map<String, Double> stepSeconds) {
        this.preparationSeconds = new java.util.LinkedHashMap<>(stepSeconds);
        this.originalsFound = originalsFound;
        this.rechecked = rechecked;
        this.requeued = requeued;
        this.named = named;
    }

    public synchronized long failures() {
        return failed;
    }

    public synchronized Map<String, Long> perStatus() {
        return new TreeMap<>(perStatus);
    }

    public void finish() {
        progress.close();
    }

    /** The catalogue refused to make this run's outcomes durable: the report says so and the run fails. */
    public synchronized void catalogueNotSaved(String reason) {
        this.catalogueNotSaved = reason;
    }

    /** Whether everything this report counts is known to be in the catalogue. */
    public synchronized boolean catalogueSaved() {
        return catalogueNotSaved == null;
    }

    private String catalogueNotSaved;

    /** The run stopped claiming tracks early, for this reason; {@code onRequest}: an operator asked (SIGTERM), not a failure. */
    public synchronized void stopped(String reason, boolean onRequest) {
        this.stopReason = reason;
        this.stoppedOnRequest = onRequest;
    }

    /** Whether the run ended short for a reason other than a request to stop (a full disk, a run of failures, ...). */
    public synchronized boolean stoppedShort() {
        return stopReason != null && !stoppedOnRequest;
    }

    private boolean stoppedOnRequest;

    public synchronized String stopReason() {
        return stopReason;
    }

    private String stopReason;
    private String opusTranscoder;

    /** The transcoder that re-encodes the popularity-0 tracks, named in the summary (which libopus, say). */
    public synchronized void opusTranscoder(String name) {
        this.opusTranscoder = name;
    }

    @Override
    public synchronized String render() {
        double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        StringBuilder out = new StringBuilder();
        if (joinedAs != null) {
            out.append(String.format(Locale.ROOT, "process: %,d tracks in %.1f s, from a queue of %,d that other workers were processing"
                    + " (worker %s joined it)%n", done, seconds, queued, joinedAs));
        } else {
            out.append(String.format(Locale.ROOT, "process: %,d of %,d queued tracks in %.1f s (%,d originals found, "
                    + "%,d finished files checked, %,d queued again, %,d names given)%n",
                    done, queued, seconds, originalsFound, rechecked, requeued, named));
        }
        if (!preparationSeconds.isEmpty()) {
            StringBuilder steps = new StringBuilder();
            preparationSeconds.forEach((step, s) -> steps.append(steps.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%s %.1f s", step, s)));
            out.append("  prepared: ").append(steps).append('\n');
        }
        perStatus.forEach((status, n) -> out.append(String.format(Locale.ROOT, "  %-24s %,12d%n", status, n)));
        out.append(String.format(Locale.ROOT, "  read %.1f MB, wrote %.1f MB, %.1f MB/s, %.1f tracks/s%n",
                bytesRead / 1e6, bytesWritten / 1e6, bytesRead / 1e6 / seconds, done / seconds));
        if (opusTranscoder != null) {
            out.append("  Opus transcoder: ").append(opusTranscoder).append('\n');
        }
        if (failed > 0) {
            out.append(String.format(Locale.ROOT, "  %,d failed:%n", failed));
            for (Failure f : failures) {
                out.append("    ").append(f.trackId()).append(' ').append(f.status()).append(": ").append(f.reason()).append('\n');
            }
            if (failed > failures.size()) {
                out.append(String.format(Locale.ROOT, "    ... and %,d more (track_files.status_reason)%n", failed - failures.size()));
            }
        }
        if (stopReason != null) {
            out.append("  ").append(stopReason).append('\n');
        }
        if (catalogueNotSaved != null) {
            out.append("  ").append(catalogueNotSaved).append('\n');
        }
        return out.toString();
    }
}
