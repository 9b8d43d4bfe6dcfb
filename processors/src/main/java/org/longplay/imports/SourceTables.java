package org.longplay.imports;

import static org.longplay.imports.Check.BASE62_ID;
import static org.longplay.imports.Check.NON_NEGATIVE;
import static org.longplay.imports.Check.NONE;
import static org.longplay.imports.Check.POPULARITY;
import static org.longplay.imports.SourceColumn.integer;
import static org.longplay.imports.SourceColumn.text;

import java.util.List;
import org.longplay.imports.SourceColumn.ValueType;
import org.longplay.imports.SourceTable.Link;

/**
 * What the catalog takes from the published {@code spotify_clean} schema (docs/contracts.md §3.1), in the
 * order the tables are imported: parents before the tables that link to them. Markets, artist
 * images and preview URLs are not imported: no later stage uses them.
 */
public final class SourceTables {

    public static final SourceTable ARTISTS = new SourceTable("artists", "artists", List.of(
            integer("rowid", true, NONE),
            text("id", true, BASE62_ID),
            integer("fetched_at", true, NONE),
            text("name", true, NONE),
            integer("followers_total", true, NON_NEGATIVE),
            integer("popularity", true, POPULARITY)), 1, List.of(), true, false, "id", null);

    public static final SourceTable ALBUMS = new SourceTable("albums", "albums", List.of(
            integer("rowid", true, NONE),
            text("id", true, BASE62_ID),
            integer("fetched_at", true, NONE),
            text("name", true, NONE),
            text("album_type", true, NONE),
            text("external_id_upc", false, NONE),
            text("external_id_amgid", false, NONE),
            text("copyright_c", false, NONE),
            text("copyright_p", false, NONE),
            text("label", false, NONE),
            integer("popularity", true, POPULARITY),
            text("release_date", true, NONE),
            text("release_date_precision", true, NONE),
            integer("total_tracks", true, NON_NEGATIVE)), 1, List.of(), true, false, "id", null);

    public static final SourceTable TRACKS = new SourceTable("tracks", "tracks", List.of(
            integer("rowid", true, NONE),
            text("id", true, BASE62_ID),
            integer("fetched_at", true, NONE),
            text("name", true, NONE),
            integer("album_rowid", true, NONE),
            integer("track_number", true, NONE),
            text("external_id_isrc", false, NONE),
            text("external_id_ean", false, NONE),
            text("external_id_upc", false, NONE),
            integer("popularity", true, POPULARITY),
            integer("disc_number", true, NONE),
            integer("duration_ms", true, NON_NEGATIVE),
            integer("explicit", true, NONE)), 1, List.of(Link.rowid("album_rowid", "albums")), true, false, "id", null);

    public static final SourceTable ARTIST_GENRES = new SourceTable("artist_genres", "artist_genres", List.of(
            integer("artist_rowid", true, NONE),
            text("genre", true, NONE)), 2, List.of(Link.rowid("artist_rowid", "artists")), false, false, null, null);

    public static final SourceTable ALBUM_IMAGES = new SourceTable("album_images", "album_images", List.of(
            integer("album_rowid", true, NONE),
            integer("width", true, NON_NEGATIVE),
            integer("height", true, NON_NEGATIVE),
            text("url", true, NONE)), 4, List.of(Link.rowid("album_rowid", "albums")), false, false, null, null);

    public static final SourceTable ARTIST_ALBUMS = new SourceTable("artist_albums", "artist_albums", List.of(
            integer("album_rowid", true, NONE),
            integer("artist_rowid", true, NONE),
            integer("is_appears_on", true, NONE),
            integer("is_implicit_appears_on", true, NONE),
            integer("index_in_album", false, NONE)), 2,
            List.of(Link.rowid("album_rowid", "albums"), Link.rowid("artist_rowid", "artists")), false, false, null, null);

    public static final SourceTable TRACK_ARTISTS = new SourceTable("track_artists", "track_artists", List.of(
            integer("track_rowid", true, NONE),
            integer("artist_rowid", true, NONE)), 2,
            List.of(Link.rowid("track_rowid", "tracks"), Link.rowid("artist_rowid", "artists")), false, false, null, null);

    /**
     * ISRC groups, for planning: the tracks whose ISRC another track shares (about 5% of tracks),
     * read in ISRC order through the source's published index, so the catalog gets this lookup by
     * appending in key order instead of a secondary index on {@code tracks} (random inserts: 30x
     * slower in HSQLDB). A track alone with its ISRC needs no group.
     */
    public static final SourceTable ISRC_GROUPS = new SourceTable("tracks", "isrc_groups", List.of(
            new SourceColumn("external_id_isrc", "isrc", ValueType.TEXT, true, NONE),
            new SourceColumn("rowid", "track_rowid", ValueType.INTEGER, true, NONE)), 2,
            List.of(Link.rowid("rowid", "tracks")), false, false, null,
            "\"external_id_isrc\" IN (SELECT \"external_id_isrc\" FROM \"tracks\" WHERE \"external_id_isrc\" IS NOT NULL"
                    + " GROUP BY \"external_id_isrc\" HAVING COUNT(*) > 1)");

    /** The metadata file's tables, in import order. */
    public static final List<SourceTable> METADATA = List.of(
            ARTISTS, ALBUMS, TRACKS, ARTIST_GENRES, ALBUM_IMAGES, ARTIST_ALBUMS, TRACK_ARTISTS, ISRC_GROUPS);

    /** The optional audio-features file; only {@code track_id} must exist in it. */
    public static final SourceTable AUDIO_FEATURES = new SourceTable("track_audio_features", "audio_features", List.of(
            text("track_id", true, BASE62_ID),
            integer("fetched_at", false, NONE),
            integer("null_response", false, NONE),
            integer("duration_ms", false, NON_NEGATIVE),
            integer("time_signature", false, NONE),
            real("tempo"),
            new SourceColumn("key", "musical_key", ValueType.INTEGER, false, NONE),
            new SourceColumn("mode", "musical_mode", ValueType.INTEGER, false, NONE),
            real("danceability"),
            real("energy"),
            real("loudness"),
            real("speechiness"),
            real("acousticness"),
            real("instrumentalness"),
            real("liveness"),
            real("valence")), 1, List.of(Link.id("track_id", "tracks")), false, true, null, null);

    private SourceTables() {
    }

    private static SourceColumn real(String name) {
        return new SourceColumn(name, name, ValueType.REAL, false, NONE);
    }
}
