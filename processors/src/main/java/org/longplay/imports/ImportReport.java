package org.longplay.imports;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The outcome of an import, per table, in import order. */
public final class ImportReport implements org.longplay.common.Report {
    private final List<TableCounts> tables = new ArrayList<>();
    private double wallSeconds;

    public void add(TableCounts counts) {
        tables.add(counts);
    }

    public List<TableCounts> tables() {
        return Collections.unmodifiableList(tables);
    }

    /** Source rows read; lookup tables re-read rows of their source table and do not count. */
    public long rowsRead() {
        return sourceTables().mapToLong(TableCounts::read).sum();
    }

    public long rowsRejected() {
        return sourceTables().mapToLong(TableCounts::rejected).sum();
    }

    private java.util.stream.Stream<TableCounts> sourceTables() {
        return tables.stream().filter(t -> !t.lookup());
    }

    /** Wall-clock time of the whole import; tables overlap, so this is less than their sum. */
    public double seconds() {
        return wallSeconds;
    }

    void setSeconds(double wallSeconds) {
        this.wallSeconds = wallSeconds;
    }

    public double rowsPerSecond() {
        return rowsRead() / Math.max(1e-9, seconds());
    }

    /** The summary printed at the end of an import: one line per table, then the totals. */
    @Override
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-22s %12s %12s %12s %10s %12s%n", "table", "read", "written", "unchanged", "rejected", "rows/s"));
        for (TableCounts t : tables) {
            out.append(String.format("%-22s %12d %12d %12d %10d %12.0f%n", t.table() + (t.lookup() ? " (lookup)" : ""), t.read(), t.written(),
                    t.unchanged(), t.rejected(), t.read() / Math.max(1e-9, t.seconds())));
        }
        out.append(String.format("%-22s %12d %12d %12d %10d %12.0f%n", "total (source rows)", rowsRead(),
                sourceTables().mapToLong(TableCounts::written).sum(),
                sourceTables().mapToLong(TableCounts::unchanged).sum(), rowsRejected(), rowsPerSecond()));
        out.append(String.format("imported %d rows in %.1f s: %.0f rows/s, %d rejected%n", rowsRead(), seconds(),
                rowsPerSecond(), rowsRejected()));
        return out.toString();
    }
}
