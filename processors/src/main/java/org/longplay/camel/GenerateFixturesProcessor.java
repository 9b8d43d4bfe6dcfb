package org.longplay.camel;

import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.longplay.fixtures.FixtureGenerator;
import org.longplay.fixtures.FixtureSummary;

/** Route adapter: generates a synthetic fixture; the body becomes a one-line-per-table summary. */
public class GenerateFixturesProcessor implements Processor {

    @Override
    public void process(Exchange exchange) throws Exception {
        Path out = Path.of(exchange.getMessage().getHeader(Headers.FIXTURE_OUT, String.class));
        int tracks = exchange.getMessage().getHeader(Headers.FIXTURE_TRACKS, Integer.class);
        long seed = exchange.getMessage().getHeader(Headers.FIXTURE_SEED, 1L, Long.class);
        long started = System.nanoTime();
        FixtureSummary summary = new FixtureGenerator(seed).generate(out, tracks);
        StringBuilder text = new StringBuilder();
        text.append(String.format("wrote %s (seed %d) in %.1f s%n", summary.metadataFile(), seed, (System.nanoTime() - started) / 1e9));
        summary.rowsPerTable().forEach((table, rows) -> text.append(String.format("  %-22s %12d%n", table, rows)));
        exchange.getMessage().setHeader(Headers.METADATA, summary.metadataFile().toString());
        Reports.add(exchange, text.toString());
    }
}
