package org.longplay.process;

/**
 * One track claimed for processing. {@code original} is the path of its file, or null when none was
 * found; {@code reencodeKbit} is null for a track kept in original quality.
 */
public record WorkItem(long rowid, String trackId, String archiveName, String original, Integer reencodeKbit) {
}
