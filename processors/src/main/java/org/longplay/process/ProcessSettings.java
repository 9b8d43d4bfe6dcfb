package org.longplay.process;

import java.nio.file.Path;

/**
 * Where the process stage reads and writes, and how.
 *
 * @param originals     folder tree holding {@code <track_id>.ogg} at any depth
 * @param covers        folder of album images named by the last URL segment, or null
 * @param archive       {@code <workspace>/archive}: the distributed, tagged files
 * @param patches       {@code <workspace>/patches}: one {@code <track_id>.zstdpatch} per original kept
 * @param work          this worker's folder under the workspace's scratch space that no consumer polls: temporary outputs
 * @param patchLevel    zstd level of the patches (1..19)
 * @param fsync         force file contents to disk before the rename that publishes them
 * @param rehashFinished re-read every finished file to check its hash, instead of trusting an unchanged size and time
 * @param fixedProcessedAt the processing time recorded for every track (epoch ms; {@code fetched_at}, and so the
 *                      AACIDs of the release), or null for the clock: replay cases fix it so releases are reproducible
 * @param maxConsecutiveFailures stop claiming tracks after this many failures in a row (a disk gone, not bad files);
 *                      0 never stops
 * @param checkFreeSpace refuse to start when the workspace's free space is below what the queued tracks need
 * @param freeSpaceReserve bytes to keep free on top of that (temporary files, the catalogue's growth)
 * @param workerId      this worker among those of the catalogue ({@link ProcessWorker#newId()}); {@code work} is its own folder
 * @param threads       tracks this worker processes at once
 * @param claimBatch    tracks claimed from the queue at once
 * @param leaseMillis   how long a claim holds without renewal: a dead worker's claims return to the queue after it
 * @param retryMillis   how long calls to the catalogue are retried while the database does not answer
 * @param maxCoverBytes a cover file larger than this is not embedded (it would go into every track of its album)
 */
public record ProcessSettings(Path originals, Path covers, Path archive, Path patches, Path work, int patchLevel,
        boolean fsync, boolean rehashFinished, Long fixedProcessedAt, int maxConsecutiveFailures, boolean checkFreeSpace,
        long freeSpaceReserve, String workerId, int threads, int claimBatch, long leaseMillis, long retryMillis, long maxCoverBytes) {

    /** The time to record as a track's processing time (epoch ms). */
    public long processedAt() {
        return fixedProcessedAt != null ? fixedProcessedAt : System.currentTimeMillis();
    }
}
