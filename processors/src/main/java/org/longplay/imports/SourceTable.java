package org.longplay.imports;

import java.util.List;

/**
 * How one source table is imported: its columns, the catalog key it is read in (key order makes
 * the catalog's inserts append-only), and the links its rows must satisfy.
 *
 * @param source     table name in the source SQLite file
 * @param target     table name in the catalog
 * @param columns    columns in catalog order; the key columns come first
 * @param keyColumns how many leading columns form the catalog key
 * @param links      references to rows of tables imported before this one
 * @param definesRowids whether accepted rows' {@code rowid} can be linked to by later tables
 * @param toleratesMissingColumns optional columns absent from the source read as NULL
 * @param uniqueColumn a column whose values must be unique (the id), or null
 * @param derivedFilter null for a table imported as it is; for a lookup table derived from another
 *                      source table (read in another key order), the SQL condition selecting its
 *                      rows. A derived row whose source row was rejected is left out silently: the
 *                      reject is recorded once, by the table the row belongs to.
 */
public record SourceTable(String source, String target, List<SourceColumn> columns, int keyColumns,
        List<Link> links, boolean definesRowids, boolean toleratesMissingColumns, String uniqueColumn,
        String derivedFilter) {

    public boolean derived() {
        return derivedFilter != null;
    }

    /** A column that must name an accepted row of {@code parentTable}, by rowid or by id. */
    public record Link(String column, String parentTable, boolean byId) {
        static Link rowid(String column, String parentTable) {
            return new Link(column, parentTable, false);
        }

        static Link id(String column, String parentTable) {
            return new Link(column, parentTable, true);
        }
    }

    public List<SourceColumn> key() {
        return columns.subList(0, keyColumns);
    }

    public boolean hasFetchedAt() {
        return columns.stream().anyMatch(c -> c.target().equals("fetched_at"));
    }

    public int indexOf(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException(source + " has no column " + column);
    }
}
