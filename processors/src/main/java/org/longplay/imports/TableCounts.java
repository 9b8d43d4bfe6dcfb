package org.longplay.imports;

/**
 * What happened to one table's rows.
 *
 * @param read      rows read from the source
 * @param written   rows inserted or changed in the catalog
 * @param unchanged rows already in the catalog as they are in the source
 * @param rejected  rows refused, each recorded in {@code rejects}
 * @param lookup    a lookup table derived from another source table: its rows are not source rows
 */
public record TableCounts(String table, long read, long written, long unchanged, long rejected, double seconds, boolean lookup) {
}
