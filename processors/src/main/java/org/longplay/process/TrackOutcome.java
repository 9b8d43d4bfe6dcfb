package org.longplay.process;

/**
 * A track processed successfully: what the catalogue records about its distributed file, and its row in
 * the work queue ({@code rowid}, {@code workOrder}). {@code reencodedKbit} is the Opus bitrate, or null for
 * an original kept as it was.
 */
public record TrackOutcome(long rowid, long workOrder, String filename, String sha256Original, String sha256Distributed,
        long distributedSize, long originalSize, byte[] prefix, long modifiedAt, long processedAt, Integer reencodedKbit) {
}
