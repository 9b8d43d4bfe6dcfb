package org.longplay.release;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Cuts a collection, in AACID order, into data folders of at most N files and M bytes, and names each
 * {@code <prefix>_data__aacid__<collection>__<from>--<to>} after the timestamps of its first and last
 * AACID. When two folders would get the same name (a whole folder processed within one second), the
 * later one gets {@code __<n>} (2, 3, ...) appended.
 *
 * @param <T> what a file is to the caller
 */
public final class FolderPacker<T> {
    /** One file to place: its AACID and size. */
    public record Item<T>(String aacid, long size, T value) {
    }

    /** A finished folder: its name and files in AACID order. */
    public record Folder<T>(String name, List<Item<T>> items) {
        public long bytes() {
            return items.stream().mapToLong(Item::size).sum();
        }
    }

    private final String prefix;
    private final String collection;
    private final int maxFiles;
    private final long maxBytes;
    private final Set<String> names = new HashSet<>();
    private List<Item<T>> open = new ArrayList<>();
    private long openBytes;

    public FolderPacker(String prefix, String collection, int maxFiles, long maxBytes) {
        this.prefix = prefix;
        this.collection = collection;
        this.maxFiles = maxFiles;
        this.maxBytes = maxBytes;
    }

    /** Adds the next file; returns the folder it closed, if adding it closed one. */
    public Folder<T> add(Item<T> item) {
        Folder<T> closed = null;
        if (!open.isEmpty() && (open.size() >= maxFiles || openBytes + item.size() > maxBytes)) {
            closed = close();
        }
        open.add(item);
        openBytes += item.size();
        return closed;
    }

    /** Closes the last folder; null when nothing is open. */
    public Folder<T> finish() {
        return open.isEmpty() ? null : close();
    }

    private Folder<T> close() {
        String base = prefix + "_data__aacid__" + collection + "__" + Aacid.timestampOf(open.get(0).aacid())
                + "--" + Aacid.timestampOf(open.get(open.size() - 1).aacid());
        String name = base;
        for (int n = 2; !names.add(name); n++) {
            name = base + "__" + n;
        }
        Folder<T> folder = new Folder<>(name, List.copyOf(open));
        open = new ArrayList<>();
        openBytes = 0;
        return folder;
    }

    /** {@code <prefix>_meta__aacid__<collection>__<from>--<to>.jsonl.zst}. */
    public static String metaFileName(String prefix, String collection, String fromStamp, String toStamp) {
        return prefix + "_meta__aacid__" + collection + "__" + fromStamp + "--" + toStamp + ".jsonl.zst";
    }
}
