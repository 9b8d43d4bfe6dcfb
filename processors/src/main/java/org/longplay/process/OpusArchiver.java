package org.longplay.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.longplay.ogg.CorruptOriginalException;
import org.longplay.ogg.OggOpus;
import org.longplay.ogg.OpusRetagger;
import org.longplay.tags.TagField;
import org.longplay.tags.TrackMetadata;
import org.longplay.tags.TrackTags;
import org.longplay.tags.VorbisCommentPackets;
import org.longplay.transcode.OpusTranscoder;
import org.longplay.transcode.TranscodeException;

/**
 * Processes one popularity-0 track planned for re-encoding (docs/contracts.md §4, §5.4): the original, validated
 * page by page, goes through the configured {@link OpusTranscoder}; the encoder's Ogg Opus is
 * checked page by page, and its OpusTags replaced with the catalogue's tags (every value its own
 * comment, R128 gains from the prefix's replay gain, the cover) without touching an audio page.
 * No patch: the original is not rebuilt from a re-encode.
 */
public final class OpusArchiver {
    private final TrackInputs inputs;
    private final ProcessSettings settings;
    private final OpusTranscoder transcoder;
    private final AtomicFiles files;

    /** The transcoder's name for reports, e.g. {@code javacv (system libopus 1.3.1)}. */
    public String transcoderName() {
        return transcoder.name();
    }

    public OpusArchiver(DataSource catalog, ProcessSettings settings, OpusTranscoder transcoder, MemoryBudget budget) {
        this.inputs = new TrackInputs(catalog, settings, budget);
        this.settings = settings;
        this.transcoder = transcoder;
        this.files = new AtomicFiles(settings.work(), settings.fsync());
    }

    public TrackOutcome archive(WorkItem item) throws TrackFailure, IOException, SQLException {
        return inputs.withOriginal(item, original -> archive(item, original));
    }

    private TrackOutcome archive(WorkItem item, HeldOriginal original) throws TrackFailure, IOException, SQLException {
        TrackMetadata track = inputs.metadata(item);
        Files.createDirectories(settings.work());
        Path encoded = settings.work().resolve(item.rowid() + ".opus.part");
        byte[] opus;
        try {
            transcoder.transcode(original.bytes(), original.ogg().vorbisOffset(), item.reencodeKbit(), encoded);
            opus = Files.readAllBytes(encoded);
        } catch (TranscodeException e) {
            if (e.kind() == TranscodeException.Kind.DECODE) {
                throw inputs.corrupt(e.getMessage(), item);
            }
            throw new IOException(transcoder.name() + " " + e.getMessage(), e); // not the original's fault: tried again next run
        } finally {
            Files.deleteIfExists(encoded);
        }
        OggOpus encoderOutput;
        try {
            encoderOutput = OggOpus.inspect(opus);
        } catch (CorruptOriginalException e) {
            throw new IOException(transcoder.name() + " wrote an invalid Ogg Opus file: " + e.getMessage(), e);
        }
        List<TagField> tags = TrackTags.opus(track, original.ogg().replayGain(), inputs.cover(track));
        byte[] tagged = OpusRetagger.retag(encoderOutput, VorbisCommentPackets.opus(encoderOutput.vendor(), tags));
        Path target = settings.archive().resolve(item.archiveName());
        files.publish(settings.archive(), target, item.rowid() + ".ogg.part", tagged);
        return new TrackOutcome(item.rowid(), item.workOrder(), item.archiveName(), original.sha256(), Sha256.hex(tagged), tagged.length,
                original.bytes().length, original.ogg().prefix(), Files.getLastModifiedTime(target).toMillis(),
                settings.processedAt(), item.reencodeKbit());
    }
}
