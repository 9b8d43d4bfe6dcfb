package org.longplay.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The catalog's secondary indexes, declared once: the migration creates them, and a bulk load
 * into an empty table drops that table's indexes first and builds them after, which is several
 * times faster than maintaining them row by row.
 */
public final class CatalogIndexes {

    public record Index(String name, String table, String columns, boolean unique) {
        String createSql() {
            return "CREATE " + (unique ? "UNIQUE " : "") + "INDEX " + name + " ON " + table + " (" + columns + ")";
        }
    }

    public static final List<Index> ALL = List.of(
            new Index("artists_id_unique", "artists", "id", true),
            new Index("albums_id_unique", "albums", "id", true),
            new Index("tracks_id_unique", "tracks", "id", true),
            new Index("tracks_album_rowid", "tracks", "album_rowid", false),
            new Index("tracks_external_id_isrc", "tracks", "external_id_isrc", false),
            new Index("tracks_popularity", "tracks", "popularity", false),
            new Index("track_artists_artist_rowid", "track_artists", "artist_rowid", false),
            new Index("artist_albums_artist_rowid", "artist_albums", "artist_rowid", false));

    private CatalogIndexes() {
    }

    public static List<Index> of(String table) {
        return ALL.stream().filter(i -> i.table().equals(table)).toList();
    }

    public static void createAll(Connection connection) throws SQLException {
        for (Index index : ALL) {
            create(connection, index);
        }
    }

    public static void create(Connection connection, Index index) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(index.createSql());
        }
    }

    public static void drop(Connection connection, Index index) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP INDEX " + index.name() + " IF EXISTS");
        }
    }

    /** Whether the index exists; a bulk load that crashed half-way leaves it dropped. */
    public static boolean exists(Connection connection, Index index) throws SQLException {
        try (var rs = connection.getMetaData().getIndexInfo(null, null, index.table().toUpperCase(java.util.Locale.ROOT), false, false)) {
            while (rs.next()) {
                String name = rs.getString("INDEX_NAME");
                if (name != null && name.equalsIgnoreCase(index.name())) {
                    return true;
                }
            }
        }
        return false;
    }
}
