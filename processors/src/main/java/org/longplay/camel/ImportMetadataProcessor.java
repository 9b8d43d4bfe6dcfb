package org.longplay.camel;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.longplay.imports.ImportReport;
import org.longplay.imports.MetadataImporter;

/**
 * Route adapter for {@link MetadataImporter}: takes the file paths from headers, leaves the
 * {@link ImportReport} as the body. Configured as a bean in {@code application.properties}.
 */
public class ImportMetadataProcessor implements Processor {

    private DataSource dataSource;
    private String scratchDir;
    private int batchSize = 10_000;
    private int parallelTables;
    private long freeSpaceReserve = 256L << 20;

    @Override
    public void process(Exchange exchange) throws Exception {
        String metadata = exchange.getMessage().getHeader(Headers.METADATA, String.class);
        if (metadata == null) {
            throw new IllegalArgumentException("no metadata file given (header " + Headers.METADATA + ")");
        }
        String features = exchange.getMessage().getHeader(Headers.AUDIO_FEATURES, String.class);
        ImportReport report = new MetadataImporter(dataSource, Path.of(scratchDir), batchSize, parallelTables, freeSpaceReserve)
                .importMetadata(Path.of(metadata), features == null ? null : Path.of(features));
        Reports.add(exchange, report);
        // remembered so that `longplay run` given the same files resumes without importing them again
        ImportedSources.record(dataSource, ImportedSources.fingerprint(metadata, features));
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void setScratchDir(String scratchDir) {
        this.scratchDir = scratchDir;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public void setParallelTables(int parallelTables) {
        this.parallelTables = parallelTables;
    }

    public void setFreeSpaceReserve(long freeSpaceReserve) {
        this.freeSpaceReserve = freeSpaceReserve;
    }
}
