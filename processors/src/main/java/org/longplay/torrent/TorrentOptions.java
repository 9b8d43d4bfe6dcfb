package org.longplay.torrent;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a torrent is built with, besides its data.
 *
 * @param pieceLength  bytes per piece, a power of two of at least 16 KiB; 0 for automatic
 *                     ({@link TorrentBuilder#automaticPieceLength(long)})
 * @param trackers     announce URLs, in order; the first is {@code announce}, and with two or more each
 *                     is its own tier of {@code announce-list} (backups tried in order)
 * @param webSeeds     BEP 19 web seeds, written as the {@code url-list} list
 * @param creationDate {@code creation date}, or null (the default) for none: a date would change the
 *                     bytes of every rebuild
 * @param hybrid       false: BitTorrent v1 only; true: hybrid v1+v2 (BEP 52 with BEP 47 padding files)
 * @param createdBy    {@code created by}, or null for none
 * @param hashThreads  threads that hash pieces while the calling thread reads (at least 1)
 */
public record TorrentOptions(long pieceLength, List<String> trackers, List<String> webSeeds,
                             Instant creationDate, boolean hybrid, String createdBy, int hashThreads) {

    public static final String DEFAULT_CREATED_BY = "Longplay";

    public TorrentOptions {
        if (pieceLength != 0 && (pieceLength < TorrentBuilder.BLOCK || Long.bitCount(pieceLength) != 1)) {
            throw new IllegalArgumentException("piece length must be 0 (automatic) or a power of two >= 16 KiB: " + pieceLength);
        }
        if (pieceLength > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("piece length too large: " + pieceLength);
        }
        trackers = List.copyOf(Objects.requireNonNull(trackers, "trackers"));
        webSeeds = List.copyOf(Objects.requireNonNull(webSeeds, "webSeeds"));
        if (hashThreads < 1) {
            throw new IllegalArgumentException("hashThreads must be >= 1: " + hashThreads);
        }
    }

    /** v1, automatic piece length, no trackers, no web seeds, no date, two hashing threads. */
    public static TorrentOptions defaults() {
        return new TorrentOptions(0, List.of(), List.of(), null, false, DEFAULT_CREATED_BY, 2);
    }

    public TorrentOptions withPieceLength(long bytes) {
        return new TorrentOptions(bytes, trackers, webSeeds, creationDate, hybrid, createdBy, hashThreads);
    }

    public TorrentOptions withTrackers(List<String> urls) {
        return new TorrentOptions(pieceLength, urls, webSeeds, creationDate, hybrid, createdBy, hashThreads);
    }

    public TorrentOptions withWebSeeds(List<String> urls) {
        return new TorrentOptions(pieceLength, trackers, urls, creationDate, hybrid, createdBy, hashThreads);
    }

    public TorrentOptions withCreationDate(Instant date) {
        return new TorrentOptions(pieceLength, trackers, webSeeds, date, hybrid, createdBy, hashThreads);
    }

    public TorrentOptions withHybrid(boolean on) {
        return new TorrentOptions(pieceLength, trackers, webSeeds, creationDate, on, createdBy, hashThreads);
    }

    public TorrentOptions withCreatedBy(String text) {
        return new TorrentOptions(pieceLength, trackers, webSeeds, creationDate, hybrid, text, hashThreads);
    }

    public TorrentOptions withHashThreads(int n) {
        return new TorrentOptions(pieceLength, trackers, webSeeds, creationDate, hybrid, createdBy, n);
    }
}
