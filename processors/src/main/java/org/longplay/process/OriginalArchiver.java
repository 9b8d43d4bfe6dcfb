package org.longplay.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.longplay.ogg.CorruptOriginalException;
import org.longplay.ogg.OriginalOgg;
import org.longplay.ogg.VorbisRetagger;
import org.longplay.patch.ZstdPatch;
import org.longplay.tags.CatalogTrackReader;
import org.longplay.tags.CoverPicture;
import org.longplay.tags.TagField;
import org.longplay.tags.TrackMetadata;
import org.longplay.tags.TrackTags;
import org.longplay.tags.VorbisCommentPackets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes one track kept in original quality (DESIGN §5): reads the original once, validates it
 * page by page, writes the catalogue's tags into new header pages (audio pages untouched), makes the
 * zstd patch back to the original, hashes both, and publishes the tagged file and the patch
 * through temporary names. The original is only read.
 */
public final class OriginalArchiver {
    private static final Logger LOG = LoggerFactory.getLogger(OriginalArchiver.class);
    /** Larger than any track; a bigger file is not a track and would only strain memory. */
    static final long MAX_ORIGINAL_BYTES = 512L << 20;

    private final DataSource catalog;
    private final ProcessSettings settings;
    private final ZstdPatch patcher;
    private final AtomicFiles files;

    public OriginalArchiver(DataSource catalog, ProcessSettings settings) {
        this.catalog = catalog;
        this.settings = settings;
        this.patcher = new ZstdPatch(settings.patchLevel());
        this.files = new AtomicFiles(settings.work(), settings.fsync());
    }

    public TrackOutcome archive(WorkItem item) throws TrackFailure, IOException, SQLException {
        if (item.original() == null) {
            throw new TrackFailure(TrackFailure.NO_ORIGINAL, "no " + item.trackId() + ".ogg under the originals folder");
        }
        Path source = Path.of(item.original());
        byte[] original = read(source, item);
        OriginalOgg ogg;
        try {
            ogg = OriginalOgg.inspect(original);
        } catch (CorruptOriginalException e) {
            throw new TrackFailure(TrackFailure.CORRUPT_ORIGINAL, e.getMessage() + " (" + shown(source) + ")");
        }
        TrackMetadata track = metadata(item);
        List<TagField> tags = TrackTags.vorbis(track, ogg.replayGain(), cover(track));
        byte[] tagged = VorbisRetagger.retag(ogg, VorbisCommentPackets.vorbis(ogg.vendor(), tags));
        byte[] patch = patcher.create(tagged, original);
        String sha256Original = Sha256.hex(original);
        String sha256Tagged = Sha256.hex(tagged);

        // the patch first: a file under archive/ is only ever published together with what rebuilds its original
        files.publish(settings.patches(), settings.patches().resolve(item.trackId() + ".zstdpatch"),
                item.rowid() + ".zstdpatch.part", patch);
        Path target = settings.archive().resolve(item.archiveName());
        files.publish(settings.archive(), target, item.rowid() + ".ogg.part", tagged);
        long modified = Files.getLastModifiedTime(target).toMillis();
        return new TrackOutcome(item.rowid(), item.archiveName(), sha256Original, sha256Tagged, tagged.length,
                original.length, ogg.prefix(), modified, System.currentTimeMillis());
    }

    /** The original's path inside the originals folder: reasons stay the same wherever the folder is mounted. */
    private String shown(Path source) {
        Path root = settings.originals();
        return source.startsWith(root) ? root.relativize(source).toString() : source.toString();
    }

    private byte[] read(Path source, WorkItem item) throws TrackFailure, IOException {
        try {
            long size = Files.size(source);
            if (size > MAX_ORIGINAL_BYTES) {
                throw new TrackFailure(TrackFailure.CORRUPT_ORIGINAL, "file of " + size + " bytes is too large for a track ("
                        + shown(source) + ")");
            }
            return Files.readAllBytes(source);
        } catch (NoSuchFileException e) {
            throw new TrackFailure(TrackFailure.NO_ORIGINAL, "no " + item.trackId() + ".ogg under the originals folder any more: "
                    + shown(source) + " is gone");
        }
    }

    private TrackMetadata metadata(WorkItem item) throws SQLException, IOException {
        try (Connection connection = catalog.getConnection(); CatalogTrackReader reader = new CatalogTrackReader(connection)) {
            return reader.read(item.rowid()).orElseThrow(() -> new IOException(
                    "track " + item.trackId() + " (rowid " + item.rowid() + ") is no longer in the catalogue; plan again"));
        }
    }

    /** The widest album image that has a readable file under --covers, or none. */
    private CoverPicture cover(TrackMetadata track) {
        if (settings.covers() == null) {
            return null;
        }
        for (String name : track.coverFileNames()) {
            if (name.isEmpty() || name.equals(".") || name.equals("..")) {
                continue;
            }
            Path file;
            try {
                file = settings.covers().resolve(name);
            } catch (java.nio.file.InvalidPathException e) {
                continue; // a URL segment no file can be named (e.g. with NUL)
            }
            if (!file.normalize().startsWith(settings.covers().normalize()) || !Files.isRegularFile(file)) {
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
