package org.longplay.release;

/**
 * A file released in a data folder (a {@code release_files} row).
 *
 * @param source          where the content comes from, relative to the workspace ({@code archive/...}, {@code patches/...})
 * @param stamp           the AACID's timestamp
 * @param originalQuality music kept as held (it has a patch); false for Opus and for patches
 * @param metadataJson    the record's {@code metadata} object, as released
 * @param torrent         the .torrent file name, once its stage is built
 * @param path            the path inside that torrent's folder
 * @param byteOffset      where the file starts in the torrent's concatenated v1 data
 */
public record ReleasedFile(String collection, String aacid, String stageId, long trackRowid, String trackId,
                           String stamp, boolean originalQuality, String dataFolder, String source, long size,
                           String sha256, String metadataJson, String torrent, String path, Long byteOffset, String btih) {
}
