package org.longplay.release;

import org.longplay.torrent.Torrent;

/**
 * A .torrent a stage wrote, as torrents.json lists it.
 *
 * @param torrentFile file name of the .torrent inside the stage folder
 * @param groupName   the collection (or kind) it belongs to
 * @param numFiles    data files, padding excluded
 * @param torrentSize bytes of the .torrent file
 * @param isMetadata  true for metadata (meta files, the track_files export, file-metadata), false for data
 * @param hashSeconds how long building it took (reading and hashing the data)
 */
public record BuiltTorrent(String torrentFile, String groupName, Torrent torrent, long numFiles, long torrentSize,
                           boolean isMetadata, double hashSeconds) {
}
