package org.longplay.release;

import org.longplay.torrent.TorrentOptions;

import java.nio.file.Path;

/**
 * What the release and verify stages are built with (config, docs/contracts.md §5.6, §5.7).
 *
 * @param workspace      the workspace: archive/, patches/ and releases/ live under it
 * @param plan           the ordered stages
 * @param prefix         first part of every released file and folder name
 * @param collectionBase collections are {@code <base>_pop_<band>}, {@code <base>_patches}, {@code <base>_file_metadata}
 * @param folderMaxFiles at most this many files per data folder
 * @param folderMaxBytes at most this many bytes per data folder (a single larger file gets a folder of its own)
 * @param torrent        piece length, trackers, web seeds, v1 or hybrid, hashing threads
 * @param zstdLevel      level of the .jsonl.zst and .sqlite3.zst files
 * @param covers         the album-art folder, or null for the one the last {@code process --covers} used
 * @param verifySample   originals rebuilt from their patches by {@code verify} without {@code --all}
 */
public record ReleaseSettings(Path workspace, ReleasePlan plan, String prefix, String collectionBase,
                              int folderMaxFiles, long folderMaxBytes, TorrentOptions torrent, int zstdLevel,
                              Path covers, int verifySample) {

    public ReleaseSettings {
        checkPrefix(prefix);
        checkCollectionBase(collectionBase);
        if (folderMaxFiles < 1 || folderMaxBytes < 1) {
            throw new IllegalArgumentException("data folder caps must be positive: " + folderMaxFiles + " files, " + folderMaxBytes + " bytes");
        }
        if (zstdLevel < 1 || zstdLevel > 22) {
            throw new IllegalArgumentException("longplay.release.zstd-level must be 1..22: " + zstdLevel);
        }
    }

    /** The prefix of released names: {@code __} separates the parts of an AACID, so a prefix must not hold it. */
    public static void checkPrefix(String prefix) {
        if (!prefix.matches("[A-Za-z0-9][A-Za-z0-9_-]*") || prefix.contains("__")) {
            throw new IllegalArgumentException("longplay.release.prefix must be letters, digits, '_' or '-' without \"__\": " + prefix);
        }
    }

    /** The base of collection names, which AACIDs carry between {@code __} separators. */
    public static void checkCollectionBase(String collectionBase) {
        if (!collectionBase.matches("[a-z0-9][a-z0-9_]*") || collectionBase.contains("__")) {
            throw new IllegalArgumentException("longplay.release.collection-base must be lower-case letters, digits and single '_': " + collectionBase);
        }
    }

    /** The collections of the plan's music stages, in plan order. */
    public java.util.List<String> musicCollections() {
        return plan.music().stream().map(s -> s.collection(collectionBase)).toList();
    }

    public Path releases() {
        return workspace.resolve("releases");
    }

    public Path archive() {
        return workspace.resolve("archive");
    }

    public Path patches() {
        return workspace.resolve("patches");
    }

    /** Where a stage is built before it is renamed into place: hidden, next to the final folder (same file system). */
    public Path partial(Stage stage) {
        return releases().resolve(".partial-" + stage.id());
    }

    public Path released(Stage stage) {
        return releases().resolve(stage.id());
    }

    public Path torrentsList() {
        return releases().resolve("torrents.json");
    }
}
