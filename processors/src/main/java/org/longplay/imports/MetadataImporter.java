package org.longplay.imports;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.longplay.catalog.CatalogDialect;
import org.longplay.catalog.CatalogLocks;
import org.longplay.common.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a {@code spotify_clean} metadata file (and the optional audio-features file) into the
 * catalog. Stops at once on a source it cannot use; rejects bad rows one by one and goes on.
 *
 * <p>Tables load side by side on {@code parallelTables} workers, queued parents first. A child
 * table checks its links against its parents' accepted rowids while they load, waiting only for
 * the rowids it needs: tracks and track_artists both come in track order, so they stream together.
 */
public final class MetadataImporter {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataImporter.class);

    private final DataSource catalog;
    private final Path scratchDir;
    private final int batchSize;
    private final int parallelTables;
    private final long freeSpaceReserve;

    /** @param freeSpaceReserve bytes a {@code .zst} source's decompression leaves free in {@code scratchDir} */
    public MetadataImporter(DataSource catalog, Path scratchDir, int batchSize, int parallelTables, long freeSpaceReserve) {
        this.catalog = catalog;
        this.scratchDir = scratchDir;
        this.batchSize = batchSize;
        this.parallelTables = parallelTables; // 0: as the engine likes (CatalogDialect.parallelLoads)
        this.freeSpaceReserve = freeSpaceReserve;
    }

    public ImportReport importMetadata(Path metadataFile, Path audioFeaturesFile)
            throws InvalidSourceException, IOException, SQLException, InterruptedException {
        long started = System.nanoTime();
        ImportReport report = new ImportReport();
        // alone on the catalogue: no plan, worker or release reads the tables while they change
        try (CatalogLocks.Held alone = CatalogLocks.exclusive(catalog, CatalogLocks.CATALOGUE, "import");
                MetadataSource metadata = MetadataSource.open(metadataFile, scratchDir, freeSpaceReserve, SourceTables.METADATA);
                MetadataSource features = audioFeaturesFile == null ? null
                        : MetadataSource.open(audioFeaturesFile, scratchDir, freeSpaceReserve, List.of(SourceTables.AUDIO_FEATURES))) {
            List<SourceTable> tables = new ArrayList<>(SourceTables.METADATA);
            if (features != null) {
                tables.add(SourceTables.AUDIO_FEATURES);
            }
            long totalRows = 0;
            for (SourceTable table : tables) {
                totalRows += (table == SourceTables.AUDIO_FEATURES ? features : metadata).rowCount(table.source());
            }
            Map<String, RowidSet> accepted = new ConcurrentHashMap<>();
            tables.stream().filter(SourceTable::definesRowids).forEach(t -> accepted.put(t.target(), new RowidSet()));
            try (Connection settings = catalog.getConnection();
                    Progress progress = Progress.onTerminal("import", totalRows)) {
                ImportContext context = new ImportContext(catalog, accepted, metadata, batchSize, System.currentTimeMillis(),
                        progress, new AtomicLong());
                CatalogDialect dialect = CatalogDialect.of(settings);
                dialect.beginBulkLoad(settings);
                try {
                    runTables(tables, metadata, features, context, parallelTables > 0 ? parallelTables : dialect.parallelLoads())
                            .forEach(report::add);
                    dialect.afterImport(settings);
                } finally {
                    dialect.endBulkLoad(settings);
                }
            }
        }
        report.setSeconds((System.nanoTime() - started) / 1e9);
        return report;
    }

    private List<TableCounts> runTables(List<SourceTable> tables, MetadataSource metadata, MetadataSource features,
            ImportContext context, int parallelTables) throws SQLException, InterruptedException, InvalidSourceException {
        ExecutorService workers = Executors.newFixedThreadPool(parallelTables, runnable -> {
            Thread thread = new Thread(runnable, "import-write");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<TableCounts>> results = new ArrayList<>();
            for (SourceTable table : tables) {
                MetadataSource source = table == SourceTables.AUDIO_FEATURES ? features : metadata;
                results.add(workers.submit(new TableImporter(table, source, context)));
            }
            List<TableCounts> counts = new ArrayList<>();
            for (Future<TableCounts> result : results) {
                TableCounts table = result.get();
                LOG.info("{}: {} rows read, {} written, {} unchanged, {} rejected in {} s", table.table(), table.read(),
                        table.written(), table.unchanged(), table.rejected(), String.format("%.1f", table.seconds()));
                counts.add(table);
            }
            return counts;
        } catch (ExecutionException e) {
            // a failed table leaves its children's waits released (its rowids are marked complete)
            Throwable cause = e.getCause();
            if (cause instanceof InvalidSourceException input) {
                throw input;
            }
            if (cause instanceof SQLException sql) {
                throw sql;
            }
            throw new SQLException("import failed: " + cause.getMessage(), cause);
        } finally {
            workers.shutdownNow();
        }
    }
}
