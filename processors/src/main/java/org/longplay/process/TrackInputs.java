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
    private final MemoryBudget budget;

    TrackInputs(DataSource catalog, ProcessSettings settings, MemoryBudget budget) {
        this.catalog = catalog;
        this.settings = settings;
        this.budget = budget;
        this.retry = new org.longplay.catalog.CatalogRetry(settings.retryMillis());
    }

    /** What a track does with its original; the memory reserved for the track is held meanwhile. */
    @FunctionalInterface
    interface OriginalWork<T> {
        T apply(HeldOriginal original) throws TrackFailure, IOException, SQLException;
    }

    /**
     * Reads the track's original, within the workers' memory budget ({@link MemoryBudget}), and does {@code work}
     * with it; the budget is given back when the work is done, whatever happens.
     */
    <T> T withOriginal(WorkItem item, OriginalWork<T> work) throws TrackFailure, IOException, SQLException {
        MemoryBudget.Held[] held = new MemoryBudget.Held[1];
        try {
            return work.apply(original(item, held));
        } finally {
            if (held[0] != null) {
                held[0].close();
            }
        }
    }

    /** The track's original, or the {@link TrackFailure} that says why there is none to use; its memory reserved into {@code held}. */
    private HeldOriginal original(WorkItem item, MemoryBudget.Held[] held) throws TrackFailure, IOException {
        if (item.original() == null) {
            throw new TrackFailure(TrackFailure.NO_ORIGINAL, "no " + item.trackId() + ".ogg under the originals folder");
        }
        Path source = Path.of(item.original());
        if (Files.isSymbolicLink(source)) {
            throw new TrackFailure(TrackFailure.NO_ORIGINAL, shown(source) + " is a symbolic link: links inside the originals folder"
                    + " are not followed (docs/processing.md)");
        }
        byte[] bytes;
        try {
            long size = Files.size(source);
            if (size > MAX_ORIGINAL_BYTES) {
                throw new TrackFailure(TrackFailure.CORRUPT_ORIGINAL, "file of " + size + " bytes is too large for a track ("
                        + shown(source) + ")");
            }
            held[0] = budget.reserve(size);
            // never through a link, even one put in its place since the folder was indexed
            try (java.nio.channels.SeekableByteChannel in = Files.newByteChannel(source, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                bytes = java.nio.channels.Channels.newInputStream(in).readNBytes((int) Math.min(MAX_ORIGINAL_BYTES + 1, size + 1));
            }
            if (bytes.length != size) {
                throw new IOException(shown(source) + " changed while it was read (" + size + " bytes, then " + bytes.length + ")");
            }
        } catch (NoSuchFileException e) {
            throw new TrackFailure(TrackFailure.NO_ORIGINAL, "no " + item.trackId() + ".ogg under the originals folder any more: "
                    + shown(source) + " is gone", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for memory to process " + shown(source), e);
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

    /**
     * The widest album image that has a readable file in --covers ({@link CoverFiles}: links not followed), or none.
     * A file larger than longplay.process.max-cover-bytes is passed over with a warning: it would go into every
     * track of its album, and a cover that size is no cover (real ones are a few hundred kilobytes).
     */
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
                long size = Files.size(file);
                if (size > settings.maxCoverBytes()) {
                    LOG.warn("cover {} of album {} has {} bytes, more than longplay.process.max-cover-bytes ({}): not embedded; trying the"
                            + " next one", file, track.albumId(), size, settings.maxCoverBytes());
                    continue;
                }
                return CoverPicture.of(Files.readAllBytes(file));
            } catch (IOException e) {
                LOG.warn("cover {} of album {} is not usable ({}); trying the next one", file, track.albumId(), e.getMessage());
            }
        }
        return null;
    }
}
