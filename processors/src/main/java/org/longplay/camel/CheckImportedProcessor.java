package org.longplay.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import javax.sql.DataSource;

/**
 * Route adapter for {@code longplay run}: sets {@code LongplayAlreadyImported} when the given metadata
 * files are the ones the last complete import read (same path, size and time), so the run can skip it.
 */
public class CheckImportedProcessor implements Processor {
    public static final String ALREADY_IMPORTED = "LongplayAlreadyImported";

    private DataSource dataSource;

    @Override
    public void process(Exchange exchange) throws Exception {
        String metadata = exchange.getMessage().getHeader(Headers.METADATA, String.class);
        if (metadata == null) {
            throw new IllegalArgumentException("run needs the metadata file (--metadata FILE)");
        }
        String features = exchange.getMessage().getHeader(Headers.AUDIO_FEATURES, String.class);
        boolean done = ImportedSources.alreadyImported(dataSource, ImportedSources.fingerprint(metadata, features));
        exchange.getMessage().setHeader(ALREADY_IMPORTED, done);
        if (done) {
            Reports.add(exchange, "import: skipped, " + metadata + " is already imported (same size and time)\n");
        }
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }
}
