package org.longplay.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.longplay.ogg.CorruptOriginalException;
import org.longplay.ogg.OriginalOgg;
import org.longplay.tags.CatalogTrackReader;
import org.longplay.tags.CoverFiles;
import org.longplay.tags.CoverPicture;
import org.longplay.tags.TrackMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every processed track starts from, whichever branch it takes: the original (read once,
 * hashed, validated page by page), its metadata from the catalogue, and its cover.
 */
final class TrackInputs {
    private static final Logger LOG = LoggerFactory.getLogger(TrackInputs.class);
    /** Larger than any track; a bigger file is not a track and would only strain memory. */
    static final long MAX_ORIGINAL_BYTES = 512L << 20;

    private final DataSource catalog;
    private final ProcessSettings settings;
    private final org.longplay.catalog.CatalogRetry retry;

    TrackInputs(DataSource catalog, ProcessSettings settings) {
        this.catalog = catalog;
        this.settings = settings;
        this.retry = new org.longplay.catalog.CatalogRetry(settings.retryMillis());
    }

    /** The track's original, or the {@link TrackFailure} that says why there is none to use. */
    HeldOriginal original(WorkItem item) throws TrackFailure, IOException {
        if (item.original() == null) {
            throw new TrackFailure(TrackFailure.NO_ORIGINAL, "no " + item.trackId() + ".ogg under the originals folder");
        }
        Path source = Path.of(item.original());
        byte[] bytes;
        try {
            long size = Files.size(source);
            if (size > MAX_ORIGINAL_BYTES) {
                throw new TrackFailure(TrackFailure.CORRUPT_ORIGINAL, "file of " + size + " bytes is too large for a track ("
                        + shown(source) + ")");
            }
            bytes = Files.readAllBytes(source);
        } catch (NoSuchFileException e) {
            throw new TrackFailure(TrackFailure.NO_ORIGINAL, "no " + item.trackId() + ".ogg under the originals folder any more: "
                    + shown(source) + " is gone");
        }
        try {
            return new HeldOriginal(bytes, Sha256.hex(bytes), OriginalOgg.inspect(bytes));
        } catch (CorruptOriginalException e) {
            throw corrupt(e.getMessage(), item);
        }
    }

    /** An {@code error_corrupt_original} naming the original by its path inside the originals folder. */
    TrackFailure corrupt(String reason, WorkItem item) {
        return new TrackFailure(TrackFailure.CORRUPT_ORIGINAL, reason + " (" + shown(Path.of(item.original())) + ")");
    }

    /** The original's path inside the originals folder: reasons stay the same wherever the folder is mounted. */
    private String shown(Path source) {
        Path root = settings.originals();
        return source.startsWith(root) ? root.relativize(source).toString() : source.toString();
    }

    TrackMetadata metadata(WorkItem item) throws SQLException, IOException {
        java.util.Optional<TrackMetadata> track = retry.call("reading a track's metadata", () -> {
            try (Connection connection = catalog.getConnection(); CatalogTrackReader reader = new CatalogTrackReader(connection)) {
                return reader.read(item.rowid());
            }
        });
        return track.orElseThrow(() -> new IOException(
                "track " + item.trackId() + " (rowid " + item.rowid() + ") is no longer in the catalogue; plan again"));
    }

    /** The widest album image that has a readable file in --covers ({@link CoverFiles}: links not followed), or none. */
    CoverPicture cover(TrackMetadata track) {
        if (settings.covers() == null) {
            return null;
        }
        for (String name : track.coverFileNames()) {
            Path file = CoverFiles.find(settings.covers(), name);
            if (file == null) {
                continue;
            }
            try {
                return CoverPicture.of(Files.readAllBytes(file));
            } catch (IOException e) {
                LOG.warn("cover {} of album {} is not usable ({}); trying the next one", file, track.albumId(), e.getMessage());
            }
        }
        return null;
    }
}
