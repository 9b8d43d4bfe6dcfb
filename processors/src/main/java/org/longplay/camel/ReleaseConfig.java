package org.longplay.camel;

import org.longplay.release.ReleasePlan;
import org.longplay.release.ReleaseSettings;
import org.longplay.torrent.TorrentOptions;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The release settings as a bean that config fills ({@code camel.beans.releaseConfig.*}), shared by the
 * release, verify and status steps. Validated when first used, so a bad value names its key.
 */
public class ReleaseConfig {
    private String workspace;
    private String stages;
    private String prefix;
    private String collectionBase;
    private int folderMaxFiles;
    private long folderMaxBytes;
    private long pieceLength;
    private String trackers = "";
    private String webSeeds = "";
    private boolean hybrid;
    private String creationDate = "";
    private String createdBy = TorrentOptions.DEFAULT_CREATED_BY;
    private int hashThreads = 2;
    private int zstdLevel;
    private int verifySample;

    /** The settings, with {@code covers} overriding the recorded covers folder when not null. */
    public ReleaseSettings settings(Path covers) {
        TorrentOptions torrent = TorrentOptions.defaults()
                .withPieceLength(pieceLength)
                .withTrackers(list(trackers))
                .withWebSeeds(list(webSeeds))
                .withHybrid(hybrid)
                .withCreationDate(creationDate.isBlank() ? null : Instant.parse(creationDate.trim()))
                .withCreatedBy(createdBy.isBlank() ? null : createdBy)
                .withHashThreads(hashThreads);
        return new ReleaseSettings(Path.of(workspace).toAbsolutePath(), ReleasePlan.parse(stages), prefix, collectionBase,
                folderMaxFiles, folderMaxBytes, torrent, zstdLevel, covers, verifySample);
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public void setWorkspace(String workspace) {
        this.workspace = workspace;
    }

    public void setStages(String stages) {
        this.stages = stages;
    }

    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    public void setCollectionBase(String collectionBase) {
        this.collectionBase = collectionBase;
    }

    public void setFolderMaxFiles(int folderMaxFiles) {
        this.folderMaxFiles = folderMaxFiles;
    }

    public void setFolderMaxBytes(long folderMaxBytes) {
        this.folderMaxBytes = folderMaxBytes;
    }

    public void setPieceLength(long pieceLength) {
        this.pieceLength = pieceLength;
    }

    public void setTrackers(String trackers) {
        this.trackers = trackers == null ? "" : trackers;
    }

    public void setWebSeeds(String webSeeds) {
        this.webSeeds = webSeeds == null ? "" : webSeeds;
    }

    public void setHybrid(boolean hybrid) {
        this.hybrid = hybrid;
    }

    public void setCreationDate(String creationDate) {
        this.creationDate = creationDate == null ? "" : creationDate;
    }

    public void setCreatedBy(String createdBy) {
        this.createdBy = createdBy == null ? "" : createdBy;
    }

    public void setHashThreads(int hashThreads) {
        this.hashThreads = hashThreads;
    }

    public void setZstdLevel(int zstdLevel) {
        this.zstdLevel = zstdLevel;
    }

    public void setVerifySample(int verifySample) {
        this.verifySample = verifySample;
    }
}
