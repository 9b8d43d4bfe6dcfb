package org.longplay.camel;

import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.longplay.fixtures.FixtureGenerator;
import org.longplay.fixtures.FixtureSummary;
import org.longplay.fixtures.MediaOptions;
import org.longplay.fixtures.MediaSummary;
import org.longplay.fixtures.SyntheticCatalog;

/**
 * Route adapter: generates a synthetic fixture (metadata, and originals and covers unless the audio
 * length is 0); the body becomes a one-line-per-table summary. The audio headers override this
 * bean's defaults ({@code longplay.fixtures.*}).
 */
public class GenerateFixturesProcessor implements Processor {
    private double audioSeconds = MediaOptions.DEFAULT.audioSeconds();
    private int audioVariants = MediaOptions.DEFAULT.audioVariants();
    private double zeroPopularityShare = SyntheticCatalog.DEFAULT_ZERO_POPULARITY_SHARE;

    public void setAudioSeconds(double audioSeconds) {
        this.audioSeconds = audioSeconds;
    }

    public void setAudioVariants(int audioVariants) {
        this.audioVariants = audioVariants;
    }

    public void setZeroPopularityShare(double zeroPopularityShare) {
        this.zeroPopularityShare = zeroPopularityShare;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Path out = Path.of(exchange.getMessage().getHeader(Headers.FIXTURE_OUT, String.class));
        int tracks = exchange.getMessage().getHeader(Headers.FIXTURE_TRACKS, Integer.class);
        long seed = exchange.getMessage().getHeader(Headers.FIXTURE_SEED, 1L, Long.class);
        MediaOptions media = new MediaOptions(
                exchange.getMessage().getHeader(Headers.FIXTURE_AUDIO_SECONDS, audioSeconds, Double.class),
                exchange.getMessage().getHeader(Headers.FIXTURE_AUDIO_VARIANTS, audioVariants, Integer.class));
        double zeroShare = exchange.getMessage().getHeader(Headers.FIXTURE_ZERO_POPULARITY_SHARE, zeroPopularityShare, Double.class);
        long started = System.nanoTime();
        FixtureSummary summary = new FixtureGenerator(seed, zeroShare).generate(out, tracks, media);
        StringBuilder text = new StringBuilder();
        text.append(String.format("wrote %s (seed %d) in %.1f s%n", summary.metadataFile(), seed, (System.nanoTime() - started) / 1e9));
        summary.rowsPerTable().forEach((table, rows) -> text.append(String.format("  %-22s %12d%n", table, rows)));
        MediaSummary m = summary.media();
        if (media.enabled()) {
            text.append(String.format("originals: %s s each, %s%n", media.audioSeconds(),
                    media.audioVariants() == 0 ? "one clip per track" : media.audioVariants() + " shared clips"));
            m.originals().forEach((kind, n) -> text.append(String.format("  %-22s %12d%n", kind.label(), n)));
            text.append(String.format("  encoded %d clips, %.0f s of audio at %.1fx real time per thread%n",
                    m.clipsEncoded(), m.audioSecondsEncoded(), m.realTimeFactor()));
            text.append(String.format("covers: %d files%n", m.coverFiles()));
        }
        exchange.getMessage().setHeader(Headers.METADATA, summary.metadataFile().toString());
        Reports.add(exchange, text.toString());
    }
}
