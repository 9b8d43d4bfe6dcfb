package org.longplay.imports;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.longplay.catalog.CatalogDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a {@code spotify_clean} metadata file (and the optional audio-features file) into the
 * catalog, table by table in link order. Stops at once on a source it cannot use; rejects bad rows
 * one by one and goes on.
 */
public final class MetadataImporter {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataImporter.class);

    private final DataSource catalog;
    private final Path scratchDir;
    private final int batchSize;

    public MetadataImporter(DataSource catalog, Path scratchDir, int batchSize) {
        this.catalog = catalog;
        this.scratchDir = scratchDir;
        this.batchSize = batchSize;
    }

    public ImportReport importMetadata(Path metadataFile, Path audioFeaturesFile)
            throws InvalidSourceException, IOException, SQLException, InterruptedException {
        ImportReport report = new ImportReport();
        try (MetadataSource metadata = MetadataSource.open(metadataFile, scratchDir, SourceTables.METADATA);
                MetadataSource features = audioFeaturesFile == null ? null
                        : MetadataSource.open(audioFeaturesFile, scratchDir, List.of(SourceTables.AUDIO_FEATURES));
                Connection connection = catalog.getConnection()) {
            connection.setAutoCommit(false);
            ImportState state = new ImportState(new RejectLog(connection, System.currentTimeMillis()));
            CatalogDialect.beginBulkLoad(connection);
            try {
                for (SourceTable table : SourceTables.METADATA) {
                    report.add(importTable(table, metadata, connection, state));
                }
                if (features != null) {
                    report.add(importTable(SourceTables.AUDIO_FEATURES, features, connection, state));
                }
            } finally {
                connection.commit();
                CatalogDialect.endBulkLoad(connection);
            }
        }
        return report;
    }

    private TableCounts importTable(SourceTable table, MetadataSource source, Connection connection, ImportState state)
            throws SQLException, InterruptedException {
        TableCounts counts = new TableImporter(table, source, connection, state, batchSize).run();
        LOG.info("{}: {} rows read, {} written, {} unchanged, {} rejected in {} s", table.source(), counts.read(),
                counts.written(), counts.unchanged(), counts.rejected(), String.format("%.1f", counts.seconds()));
        return counts;
    }
}
