package org.longplay.tags;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@link TrackMetadata} from the catalogue, one track at a time by rowid. Every lookup goes
 * through a primary key (tracks, albums, artists) or a primary-key prefix (track_artists,
 * artist_albums, artist_genres, album_images), so the cost per track does not grow with the
 * catalogue. Ordering by code points happens here in Java: SQL collations differ between engines.
 * One reader per connection; not thread-safe.
 */
public final class CatalogTrackReader implements AutoCloseable {
    private static final String TRACK = """
            SELECT t.id, t.name, t.track_number, t.disc_number, t.external_id_isrc, t.popularity,
                   al.rowid, al.id, al.name, al.release_date, al.total_tracks, al.external_id_upc, al.label,
                   al.copyright_c, al.copyright_p
            FROM tracks t JOIN albums al ON al.rowid = t.album_rowid
            WHERE t.rowid = ?""";
    private static final String TRACK_ARTISTS = """
            SELECT ar.rowid, ar.name, aa.index_in_album
            FROM track_artists ta
            JOIN artists ar ON ar.rowid = ta.artist_rowid
            LEFT JOIN artist_albums aa ON aa.album_rowid = ? AND aa.artist_rowid = ta.artist_rowid
            WHERE ta.track_rowid = ?""";
    private static final String ALBUM_ARTISTS = """
            SELECT ar.rowid, ar.name, aa.index_in_album
            FROM artist_albums aa JOIN artists ar ON ar.rowid = aa.artist_rowid
            WHERE aa.album_rowid = ? AND aa.is_appears_on = 0 AND aa.is_implicit_appears_on = 0""";
    private static final String GENRES = "SELECT genre FROM artist_genres WHERE artist_rowid = ?";
    private static final String IMAGES = "SELECT url FROM album_images WHERE album_rowid = ? ORDER BY width DESC, height DESC, url";

    private final PreparedStatement track;
    private final PreparedStatement trackArtists;
    private final PreparedStatement albumArtists;
    private final PreparedStatement genres;
    private final PreparedStatement images;

    public CatalogTrackReader(Connection connection) throws SQLException {
        track = connection.prepareStatement(TRACK);
        trackArtists = connection.prepareStatement(TRACK_ARTISTS);
        albumArtists = connection.prepareStatement(ALBUM_ARTISTS);
        genres = connection.prepareStatement(GENRES);
        images = connection.prepareStatement(IMAGES);
    }

    /** The track, or empty when the catalogue has no such track (or album) any more. */
    public Optional<TrackMetadata> read(long rowid) throws SQLException {
        track.setLong(1, rowid);
        try (ResultSet rs = track.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            long albumRowid = rs.getLong(7);
            List<ArtistCredit> artists = artists(trackArtists, albumRowid, rowid);
            return Optional.of(new TrackMetadata(rowid, rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
                    rs.getString(5), rs.getInt(6), rs.getString(8), rs.getString(9), rs.getString(10), rs.getInt(11),
                    rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15),
                    artists, artists(albumArtists, albumRowid, null), genres(artists), coverFileNames(albumRowid)));
        }
    }

    private static List<ArtistCredit> artists(PreparedStatement query, long albumRowid, Long trackRowid) throws SQLException {
        query.setLong(1, albumRowid);
        if (trackRowid != null) {
            query.setLong(2, trackRowid);
        }
        List<ArtistCredit> out = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                // wasNull() must follow getInt(3) directly: after getString(2) it would report on the
                // name, and artists without index_in_album would sort as index 0 instead of last.
                int value = rs.getInt(3);
                Integer index = rs.wasNull() ? null : value;
                out.add(new ArtistCredit(rs.getLong(1), rs.getString(2), index));
            }
        }
        out.sort(ArtistCredit.ORDER);
        return List.copyOf(out);
    }

    private List<String> genres(List<ArtistCredit> artists) throws SQLException {
        Set<String> out = new LinkedHashSet<>();
        for (ArtistCredit artist : artists) {
            List<String> own = new ArrayList<>();
            genres.setLong(1, artist.rowid());
            try (ResultSet rs = genres.executeQuery()) {
                while (rs.next()) {
                    own.add(rs.getString(1));
                }
            }
            own.sort(CodePointOrder.INSTANCE);
            out.addAll(own);
        }
        return List.copyOf(out);
    }

    private List<String> coverFileNames(long albumRowid) throws SQLException {
        List<String> out = new ArrayList<>();
        images.setLong(1, albumRowid);
        try (ResultSet rs = images.executeQuery()) {
            while (rs.next()) {
                out.add(lastSegment(rs.getString(1)));
            }
        }
        return List.copyOf(out);
    }

    /** Covers are named by the last path segment of the image URL (docs/contracts.md §3.5); query and fragment dropped. */
    public static String lastSegment(String url) {
        String path = url;
        int cut = indexOfAny(path, '?', '#');
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement s : List.of(track, trackArtists, albumArtists, genres, images)) {
            s.close();
        }
    }
}
