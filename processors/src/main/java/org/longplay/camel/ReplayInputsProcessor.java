package org.longplay.camel;

import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.longplay.replay.ReplayCase;

/** Route adapter: points the import (and, for a case with audio, the process) headers at the inputs of the case being replayed. */
public class ReplayInputsProcessor implements Processor {
    /** The processing time of every replayed track. */
    public static final String REPLAY_PROCESSED_AT = "2026-01-01T00:00:00Z";

    private String scratchDir;

    @Override
    public void process(Exchange exchange) throws Exception {
        ReplayCase replayCase = new ReplayCase(Path.of(exchange.getMessage().getHeader(Headers.REPLAY_CASE, String.class)));
        Path scratch = Path.of(scratchDir);
        exchange.getMessage().setHeader(Headers.METADATA, replayCase.metadataFile(scratch).toString());
        replayCase.audioFeaturesFile(scratch).ifPresent(f -> exchange.getMessage().setHeader(Headers.AUDIO_FEATURES, f.toString()));
        replayCase.originalsDir().ifPresent(d -> {
            exchange.getMessage().setHeader(Headers.ORIGINALS, d.toAbsolutePath().toString());
            // one processing time for every track, so AACIDs, folder names and info-hashes are the golden ones
            exchange.getMessage().setHeader(Headers.PROCESSED_AT, REPLAY_PROCESSED_AT);
        });
        replayCase.coversDir().ifPresent(d -> exchange.getMessage().setHeader(Headers.COVERS, d.toAbsolutePath().toString()));
    }

    public void setScratchDir(String scratchDir) {
        this.scratchDir = scratchDir;
    }
}
