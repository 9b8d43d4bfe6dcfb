package org.longplay.catalog;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The catalog's own column types and sizes, read from its metadata, so limits are declared once (in the DDL). */
public final class TargetColumns {

    public record TargetColumn(String name, String typeName, int size) {
        /** A 32-bit INTEGER column (HSQLDB INTEGER, PostgreSQL int4): values beyond its range are refused by the engine. */
        public boolean is32BitInteger() {
            return typeName.equals("INTEGER") || typeName.equals("INT4") || typeName.equals("INT");
        }

        /** A cast that gives a bare parameter its column's type, for engines that cannot infer it. */
        public String castOf(String expression) {
            boolean sized = typeName.contains("CHAR") || typeName.contains("BINARY");
            return "CAST(" + expression + " AS " + typeName + (sized ? "(" + size + ")" : "") + ")";
        }
    }

    private final Map<String, TargetColumn> columns;

    private TargetColumns(Map<String, TargetColumn> columns) {
        this.columns = columns;
    }

    public static TargetColumns of(Connection connection, String table) throws SQLException {
        Map<String, TargetColumn> columns = read(connection.getMetaData(), table.toUpperCase(Locale.ROOT));
        if (columns.isEmpty()) {
            columns = read(connection.getMetaData(), table.toLowerCase(Locale.ROOT));
        }
        if (columns.isEmpty()) {
            throw new SQLException("catalog has no table " + table);
        }
        return new TargetColumns(columns);
    }

    private static Map<String, TargetColumn> read(DatabaseMetaData metaData, String table) throws SQLException {
        Map<String, TargetColumn> columns = new HashMap<>();
        try (ResultSet rs = metaData.getColumns(null, null, table, null)) {
            while (rs.next()) {
                String name = rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT);
                columns.put(name, new TargetColumn(name, rs.getString("TYPE_NAME").toUpperCase(Locale.ROOT), rs.getInt("COLUMN_SIZE")));
            }
        }
        return columns;
    }

    public TargetColumn get(String name) {
        TargetColumn column = columns.get(name.toLowerCase(Locale.ROOT));
        if (column == null) {
            throw new IllegalArgumentException("catalog column " + name + " does not exist");
        }
        return column;
    }
}
