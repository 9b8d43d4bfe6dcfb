package org.longplay.torrent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A built torrent: its bytes and what callers need to list it.
 *
 * @param bytes       the complete .torrent file
 * @param name        the info dictionary's {@code name} (the folder's or file's name)
 * @param btih        v1 info-hash, SHA-1 of the bencoded info dictionary, 40 lower-case hex digits
 * @param btmh        v2 info-hash, SHA-256 of the same dictionary, 64 hex digits; null for v1-only torrents
 * @param pieceLength bytes per piece
 * @param dataSize    bytes of data, padding excluded
 * @param files       the files in v1 order, padding files excluded, each with its byte offset in the
 *                    concatenated v1 data (padding included, so offsets of a hybrid torrent are piece-aligned)
 * @param trackers    the announce URLs it carries
 */
public record Torrent(byte[] bytes, String name, String btih, String btmh, long pieceLength, long dataSize,
                      List<TorrentFile> files, List<String> trackers) {

    /** A data file of the torrent; {@code path} is relative to the torrent's folder, {@code /}-separated (the name for a single-file torrent). */
    public record TorrentFile(String path, long offset, long size) {
    }

    public Torrent {
        files = List.copyOf(files);
        trackers = List.copyOf(trackers);
    }

    public boolean isHybrid() {
        return btmh != null;
    }

    public String magnetLink() {
        return Magnet.of(this);
    }

    /** Writes the bytes to {@code target} through a temporary sibling and an atomic rename. */
    public void writeTo(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".torrent-", ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
