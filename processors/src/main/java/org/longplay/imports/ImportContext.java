package org.longplay.imports;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.longplay.common.Progress;

/**
 * What the table imports of one run share: the catalog, the accepted rowids of every table that
 * others link to (filled while those tables load), the metadata source for links by id, and the
 * progress shown to the operator.
 */
record ImportContext(DataSource catalog, Map<String, RowidSet> accepted, MetadataSource metadata, int batchSize,
        long rejectedAt, Progress progress, AtomicLong rowsDone) {

    RowidSet acceptedRowids(String table) {
        RowidSet rowids = accepted.get(table);
        if (rowids == null) {
            throw new IllegalStateException("no table " + table + " in this import");
        }
        return rowids;
    }
}
