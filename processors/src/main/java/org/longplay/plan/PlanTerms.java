package org.longplay.plan;

import org.longplay.catalog.CatalogDialect;

/**
 * The terms of docs/contracts.md §4 per track, as one SQL query shape shared by both planning passes and by
 * {@code plan --explain}: popularity, duration, ISRC, the album's popularity, the best artist
 * (highest popularity, then most followers, encoded in one number so that one {@code MAX} finds
 * both), the priority without its ISRC term ("base"), whether the track is kept unless a kept copy
 * ranks above it in its ISRC group, the status that stays from an earlier run (success, or a
 * processing error, while the inputs are unchanged), and the row planning wrote last time.
 *
 * <p>Only the way the best artist is found differs: for a range of rowids one grouped scan of
 * {@code track_artists} in key order ({@link #ofRowidRange()}, four rowid parameters), for every track
 * one grouped scan ({@link #ofAllTracks()}); for tracks picked one by one a look-up per track
 * ({@link #ofEachTrack(String, String, String)}).
 */
final class PlanTerms {

    /** Statuses that survive planning again while the track's inputs are unchanged. */
    private static final String STICKY = "'success', 'error_no_original', 'error_corrupt_original'";

    private static final String BEST_ARTIST = """
            MAX(CAST(ar.popularity AS BIGINT) * 1000000000 + LEAST(ar.followers_total, 999999999)) AS best_artist,
                MAX(ar.fetched_at) AS artists_fetched_at
            FROM track_artists ta JOIN artists ar ON ar.rowid = ta.artist_rowid""";

    /** The best artist's popularity and followers, 0 for a track without artists (a = the best-artist join). */
    private static final String ARTIST_POPULARITY = "COALESCE(a.best_artist / 1000000000, 0)";
    private static final String ARTIST_FOLLOWERS = "COALESCE(MOD(a.best_artist, 1000000000), 0)";
    /** Secondary priority without its ISRC term (docs/contracts.md §4, rule 4), given the followers term as the dialect computes it. */
    private static String basePriority(String followersLog10) {
        return "(CAST(" + ARTIST_POPULARITY + " AS DOUBLE PRECISION) / 100"
                + " + CAST(al.popularity AS DOUBLE PRECISION) / 100"
                + " + " + followersLog10 + " / 8)";
    }
    /** The latest fetched_at of the track, its album and its artists: a later one means the inputs changed. */
    private static final String INPUTS_FETCHED_AT = "GREATEST(t.fetched_at, al.fetched_at, COALESCE(a.artists_fetched_at, 0))";
    /** The status that stays from the last plan or process: a finished one, while the inputs are unchanged. */
    private static final String STICKY_STATUS = "(CASE WHEN f.status IN (" + STICKY + ") AND f.inputs_fetched_at = "
            + INPUTS_FETCHED_AT + " THEN f.status END)";

    /**
     * Columns of the terms; %1$s the threshold literal. Each expression is written out where it is
     * used rather than named in a derived table: HSQLDB materialises every derived table, which at a
     * million tracks costs seconds per level.
     */
    private static final String TERMS = """
            SELECT %5$s t.rowid, t.id AS track_id, t.popularity, t.duration_ms, t.external_id_isrc AS isrc,
                al.popularity AS album_popularity, %6$s AS artist_popularity, %7$s AS artist_followers,
                %8$s AS base_priority, %9$s AS inputs_fetched_at, %10$s AS sticky_status,
                CASE WHEN %10$s = 'success' THEN 1
                     WHEN %10$s IS NOT NULL THEN 0
                     WHEN t.duration_ms = 0 THEN 0
                     WHEN t.popularity > 0 THEN 1
                     WHEN %8$s >= %1$s THEN 1
                     ELSE 0 END AS kept_unless_shadowed,
                f.rowid AS previous_rowid, f.track_id AS previous_track_id, f.status AS previous_status,
                f.isrc_has_download AS previous_isrc_has_download, f.track_popularity AS previous_popularity,
                f.secondary_priority AS previous_secondary_priority, f.reencoded_kbit_vbr AS previous_reencoded_kbit_vbr,
                f.status_reason AS previous_status_reason, f.inputs_fetched_at AS previous_inputs
            FROM %2$s
            JOIN albums al ON al.rowid = t.album_rowid
            %3$s
            LEFT JOIN track_files f ON f.rowid = t.rowid
            %4$s
            """;

    private final CatalogDialect dialect;
    private final double threshold;

    PlanTerms(CatalogDialect dialect, double threshold) {
        this.dialect = dialect;
        this.threshold = threshold;
    }

    private String terms(String from, String artistJoin, String where, String extra) {
        String[] followers = dialect.followersLog10Joined("LEAST(100000000, " + ARTIST_FOLLOWERS + " + 1)");
        return TERMS.formatted(doublePrecision(threshold), from, artistJoin + (followers[0].isEmpty() ? "" : "\n" + followers[0]), where,
                extra, ARTIST_POPULARITY, ARTIST_FOLLOWERS, basePriority(followers[1]), INPUTS_FETCHED_AT, STICKY_STATUS);
    }

    /** A DOUBLE PRECISION literal of exactly this finite value (PlanSettings refuses others). */
    static String doublePrecision(double value) {
        String literal = Double.toString(value);
        return "CAST(" + (literal.contains("E") ? literal : literal + "E0") + " AS DOUBLE PRECISION)";
    }

    /** Terms of every track: one grouped pass over track_artists for the best artists (set-based planning). */
    String ofAllTracks() {
        return terms("tracks t", "LEFT JOIN (SELECT ta.track_rowid, " + BEST_ARTIST + " GROUP BY ta.track_rowid) a ON a.track_rowid = t.rowid",
                "", "");
    }

    /** Terms of the tracks with rowids in [?, ?], the range given twice (artists, then tracks). */
    String ofRowidRange() {
        return terms("tracks t",
                "LEFT JOIN (SELECT ta.track_rowid, " + BEST_ARTIST
                        + " WHERE ta.track_rowid BETWEEN CAST(? AS BIGINT) AND CAST(? AS BIGINT) GROUP BY ta.track_rowid) a"
                        + " ON a.track_rowid = t.rowid",
                "WHERE t.rowid BETWEEN CAST(? AS BIGINT) AND CAST(? AS BIGINT)", "");
    }

    /**
     * Terms of the tracks that {@code from} (naming the tracks table {@code t}) and {@code where} select,
     * the best artist looked up per track; {@code extra} adds columns of {@code from} (or is empty).
     */
    String ofEachTrack(String from, String extra, String where) {
        return terms(from, "LEFT JOIN LATERAL (SELECT " + BEST_ARTIST + " WHERE ta.track_rowid = t.rowid) a ON TRUE", where,
                extra.isEmpty() ? "" : extra + ",");
    }
}
