package org.longplay.camel;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.longplay.catalog.CatalogSettings;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.longplay.process.ProcessRun;
import org.longplay.process.ProcessSettings;
import org.longplay.process.ProcessWorker;
import org.longplay.transcode.OpusTranscoder;

/**
 * First step of routes/process.yaml: a {@link ProcessRun} from config and the request's
 * {@code LongplayOriginals} / {@code LongplayCovers} headers, kept on the exchange for the next steps
 * (and, copied by the splitter, for each track's exchange).
 */
public class StartProcessProcessor implements Processor {
    public static final String RUN = "LongplayProcessRun";

    private DataSource dataSource;
    private OpusTranscoder transcoder;
    private String workspace;
    private String scratchDir;
    private int patchLevel = 1;
    private boolean fsync;
    private boolean rehashFinished;
    private String processedAt;
    private int maxConsecutiveFailures = 50;
    private boolean checkFreeSpace = true;
    private long freeSpaceReserve = 256L << 20;
    private int threads = 1;
    private int claimBatch = 8;
    private long leaseSeconds = 60;
    private long retrySeconds = 300;
    private long maxCoverBytes = 16L << 20;

    @Override
    public void process(Exchange exchange) throws SQLException {
        String originals = exchange.getMessage().getHeader(Headers.ORIGINALS, String.class);
        if (originals == null) {
            throw new IllegalArgumentException("process needs the originals folder (--originals DIR)");
        }
        String covers = exchange.getMessage().getHeader(Headers.COVERS, String.class);
        Path root = Path.of(workspace).toAbsolutePath().normalize();
        String workerId = ProcessWorker.newId();
        ProcessSettings settings = new ProcessSettings(Path.of(originals).toAbsolutePath().normalize(),
                covers == null ? null : Path.of(covers).toAbsolutePath().normalize(),
                root.resolve("archive"), root.resolve("patches"), Path.of(scratchDir).toAbsolutePath().resolve("process").resolve(workerId),
                patchLevel, fsync, rehashFinished, processedAt(exchange), maxConsecutiveFailures, checkFreeSpace, freeSpaceReserve,
                workerId, threads, claimBatch, leaseSeconds * 1000, retrySeconds * 1000, maxCoverBytes);
        if (transcoder == null) {
            throw new IllegalArgumentException("no Opus transcoder configured (camel.beans.startProcess.transcoder)");
        }
        if (settings.covers() != null && !exchange.getMessage().getHeader(Headers.DRY_RUN, false, Boolean.class)) {
            // the album-art release stage packs the covers of this folder unless told otherwise
            try (Connection c = dataSource.getConnection()) {
                CatalogSettings.put(c, CatalogSettings.COVERS, settings.covers().toString());
            }
        }
        ProcessRun run = new ProcessRun(dataSource, settings, transcoder);
        exchange.setProperty(RUN, run);
        // whatever happens to the request, the run gives back its locks and claims and ends its worker row
        exchange.getExchangeExtension().addOnCompletion(new org.apache.camel.support.SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                run.close();
            }
        });
    }

    /** Tracks this worker processes at once (longplay.process.workers), as its row in process_workers shows. */
    public void setThreads(int threads) {
        this.threads = threads;
    }

    /** Tracks claimed from the queue at once (longplay.process.claim-size). */
    public void setClaimBatch(int claimBatch) {
        this.claimBatch = claimBatch;
    }

    /** How long a claim holds without renewal (longplay.process.lease-seconds). */
    public void setLeaseSeconds(long leaseSeconds) {
        this.leaseSeconds = leaseSeconds;
    }

    /** A cover file larger than this is not embedded (longplay.process.max-cover-bytes). */
    public void setMaxCoverBytes(long maxCoverBytes) {
        this.maxCoverBytes = maxCoverBytes;
    }

    /** How long catalogue calls are retried while the database does not answer (longplay.catalog.retry-seconds). */
    public void setRetrySeconds(long retrySeconds) {
        this.retrySeconds = retrySeconds;
    }

    /** A fixed processing time: the LongplayProcessedAt header (replay), else longplay.process.processed-at; null for the clock. */
    private Long processedAt(Exchange exchange) {
        String fixed = exchange.getMessage().getHeader(Headers.PROCESSED_AT, processedAt, String.class);
        if (fixed == null || fixed.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(fixed.trim()).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("longplay.process.processed-at must be an ISO-8601 instant such as 2026-01-01T00:00:00Z: " + fixed);
        }
    }

    public void setMaxConsecutiveFailures(int maxConsecutiveFailures) {
        this.maxConsecutiveFailures = maxConsecutiveFailures;
    }

    public void setFreeSpaceReserve(long freeSpaceReserve) {
        this.freeSpaceReserve = freeSpaceReserve;
    }

    public void setCheckFreeSpace(boolean checkFreeSpace) {
        this.checkFreeSpace = checkFreeSpace;
    }

    public void setProcessedAt(String processedAt) {
        this.processedAt = processedAt;
    }

    /** The run started by this step, from any later step of the same request. */
    public static ProcessRun run(Exchange exchange) {
        ProcessRun run = exchange.getProperty(RUN, ProcessRun.class);
        if (run == null) {
            throw new IllegalStateException("no process run on this exchange: the route must start with the start-process step");
        }
        return run;
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The transcoder for the popularity-0 tracks planned for re-encoding (a bean named in config). */
    public void setTranscoder(OpusTranscoder transcoder) {
        this.transcoder = transcoder;
    }

    public void setWorkspace(String workspace) {
        this.workspace = workspace;
    }

    public void setScratchDir(String scratchDir) {
        this.scratchDir = scratchDir;
    }

    public void setPatchLevel(int patchLevel) {
        this.patchLevel = patchLevel;
    }

    public void setFsync(boolean fsync) {
        this.fsync = fsync;
    }

    public void setRehashFinished(boolean rehashFinished) {
        this.rehashFinished = rehashFinished;
    }
}
