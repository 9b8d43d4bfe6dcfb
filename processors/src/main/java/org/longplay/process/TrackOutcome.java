package org.longplay.process;

/** A track processed successfully: what the catalogue records about its distributed file. */
public record TrackOutcome(long rowid, String filename, String sha256Original, String sha256Distributed,
        long distributedSize, long originalSize, byte[] prefix, long modifiedAt, long processedAt) {
}
