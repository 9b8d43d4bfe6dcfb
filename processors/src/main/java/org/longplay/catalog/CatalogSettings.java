package org.longplay.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The catalogue's {@code settings} table: inputs one command leaves for a later one. */
public final class CatalogSettings {
    /** The --covers folder of the last process run (the album-art release stage packs it). */
    public static final String COVERS = "process.covers";
    /** What the last complete import read: paths, sizes, times (`longplay run` skips an import done already). */
    public static final String IMPORTED_SOURCES = "import.sources";

    private CatalogSettings() {
    }

    public static String get(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT setting FROM settings WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    public static void put(Connection c, String name, String value) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "MERGE INTO settings USING (VALUES (CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(32000)))) AS v(n, s) ON settings.name = v.n "
                        + "WHEN MATCHED THEN UPDATE SET setting = v.s WHEN NOT MATCHED THEN INSERT (name, setting) VALUES (v.n, v.s)")) {
            s.setString(1, name);
            s.setString(2, value);
            s.executeUpdate();
        }
    }
}
