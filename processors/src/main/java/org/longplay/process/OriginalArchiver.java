package org.longplay.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.longplay.ogg.VorbisRetagger;
import org.longplay.patch.ZstdPatch;
import org.longplay.tags.TagField;
import org.longplay.tags.TrackMetadata;
import org.longplay.tags.TrackTags;
import org.longplay.tags.VorbisCommentPackets;

/**
 * Processes one track kept in original quality (docs/contracts.md §5.4, §5.5): writes the catalogue's tags into new
 * header pages of the original (audio pages untouched), makes the zstd patch back to the original,
 * hashes both, and publishes the tagged file and the patch through temporary names. The original
 * is only read, once.
 */
public final class OriginalArchiver {
    private final TrackInputs inputs;
    private final ProcessSettings settings;
    private final ZstdPatch patcher;
    private final AtomicFiles files;

    public OriginalArchiver(DataSource catalog, ProcessSettings settings, MemoryBudget budget) {
        this.inputs = new TrackInputs(catalog, settings, budget);
        this.settings = settings;
        this.patcher = new ZstdPatch(settings.patchLevel());
        this.files = new AtomicFiles(settings.work(), settings.fsync());
    }

    public TrackOutcome archive(WorkItem item) throws TrackFailure, IOException, SQLException {
        return inputs.withOriginal(item, original -> archive(item, original));
    }

    private TrackOutcome archive(WorkItem item, HeldOriginal original) throws TrackFailure, IOException, SQLException {
        TrackMetadata track = inputs.metadata(item);
        List<TagField> tags = TrackTags.vorbis(track, original.ogg().replayGain(), inputs.cover(track));
        byte[] tagged = VorbisRetagger.retag(original.ogg(), VorbisCommentPackets.vorbis(original.ogg().vendor(), tags));
        byte[] patch = patcher.create(tagged, original.bytes());

        // the patch first: a file under archive/ is only ever published together with what rebuilds its original
        files.publish(settings.patches(), settings.patches().resolve(item.trackId() + ".zstdpatch"),
                item.rowid() + ".zstdpatch.part", patch);
        Path target = settings.archive().resolve(item.archiveName());
        files.publish(settings.archive(), target, item.rowid() + ".ogg.part", tagged);
        return new TrackOutcome(item.rowid(), item.workOrder(), item.archiveName(), original.sha256(), Sha256.hex(tagged), tagged.length,
                original.bytes().length, original.ogg().prefix(), Files.getLastModifiedTime(target).toMillis(),
                settings.processedAt(), null);
    }
}
