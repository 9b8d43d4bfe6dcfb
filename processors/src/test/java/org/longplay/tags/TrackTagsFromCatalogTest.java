package org.longplay.tags;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import org.hsqldb.jdbc.JDBCDataSource;
import org.junit.jupiter.api.Test;
import org.longplay.catalog.CatalogMigrator;

/** Artist order, album artists and genres as CatalogTrackReader reads them (docs/contracts.md §5.4 "Tags"). */
class TrackTagsFromCatalogTest {
    @Test
    void artistsAlbumArtistsAndGenresFollowTheContractOrder() throws Exception {
        JDBCDataSource ds = new JDBCDataSource();
        ds.setUrl("jdbc:hsqldb:mem:tags" + System.nanoTime());
        ds.setUser("SA");
        new CatalogMigrator(ds).migrate();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO albums (rowid, id, fetched_at, name, album_type, popularity, release_date,"
                    + " release_date_precision, total_tracks) VALUES (1, 'alb', 0, 'Album', 'album', 0, '2001-02-03', 'day', 9)");
            // artists: 10 'Zed' index 0, 11 'Amy' no index, 12 'Bob' no index, 13 U+1F3B8 no index, 14 'Ｚ' (U+FF3A) no index
            String[][] artists = {{"10", "Zed"}, {"11", "Amy"}, {"12", "Bob"}, {"13", "\uD83C\uDFB8"}, {"14", "\uFF3A"},
                    {"15", "Guest"}};
            for (String[] a : artists) {
                s.execute("INSERT INTO artists VALUES (" + a[0] + ", 'a" + a[0] + "', 0, '" + a[1] + "', 0, 0)");
            }
            s.execute("INSERT INTO artist_albums VALUES (1, 10, 0, 0, 0)");
            s.execute("INSERT INTO artist_albums VALUES (1, 15, 1, 0, 1)"); // appears-on: not an album artist
            s.execute("INSERT INTO artist_albums VALUES (1, 12, 0, 0, 2)");
            s.execute("INSERT INTO tracks (rowid, id, fetched_at, name, album_rowid, track_number, popularity, disc_number,"
                    + " duration_ms, explicit) VALUES (5, 'trk', 0, 'Song', 1, 4, 10, 1, 1000, 0)");
            for (int a : new int[] {14, 13, 12, 11, 10}) {
                s.execute("INSERT INTO track_artists VALUES (5, " + a + ")");
            }
            // genres: repeats across artists; each artist's own by code points
            String[][] genres = {{"10", "rock"}, {"10", "indie"}, {"12", "rock"}, {"12", "\uD83C\uDFB8 core"},
                    {"12", "\uFF3A pop"}, {"11", "indie"}, {"11", "blues"}};
            for (String[] g : genres) {
                s.execute("INSERT INTO artist_genres VALUES (" + g[0] + ", '" + g[1] + "')");
            }
        }
        try (Connection c = ds.getConnection(); CatalogTrackReader reader = new CatalogTrackReader(c)) {
            TrackMetadata t = reader.read(5).orElseThrow();
            // Bob has index 2 on the album; the rest have none and sort by name in code points
            assertEquals(List.of("Zed", "Bob", "Amy", "\uFF3A", "\uD83C\uDFB8"),
                    t.artists().stream().map(ArtistCredit::name).collect(Collectors.toList()));
            assertEquals("Zed", t.firstArtist());
            assertEquals(List.of("Zed", "Bob"), t.albumArtists().stream().map(ArtistCredit::name).collect(Collectors.toList()));
            List<String> tags = TrackTags.vorbis(t, null, null).stream().filter(f -> f.key().equals("GENRE"))
                    .map(TagField::value).collect(Collectors.toList());
            assertEquals(List.of("indie", "rock", "\uFF3A pop", "\uD83C\uDFB8 core", "blues"), tags);
            try (Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
    }
}
