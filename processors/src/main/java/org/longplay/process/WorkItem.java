package org.longplay.process;

/**
 * One track claimed for processing: its row in the work queue ({@code workOrder}, {@code rowid}), its id and
 * archive name, {@code original} the path of its file (null when none was found), and {@code reencodeKbit}
 * (null for a track kept in original quality).
 */
public record WorkItem(long rowid, long workOrder, String trackId, String archiveName, String original, Integer reencodeKbit) {
}
