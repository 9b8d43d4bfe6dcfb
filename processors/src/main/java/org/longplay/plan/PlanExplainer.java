package org.longplay.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/** {@code plan --explain TRACK_ID}: why the last plan gave a track its status, term by term. */
public final class PlanExplainer {

    private final DataSource catalog;
    private final PlanSettings settings;
    private final PlanTerms terms;

    public PlanExplainer(DataSource catalog, PlanSettings settings) throws SQLException {
        this.catalog = catalog;
        this.settings = settings;
        this.terms = new PlanTerms(org.longplay.catalog.CatalogDialect.of(catalog), settings.priorityThreshold());
    }

    private record Terms(long rowid, String trackId, int popularity, long durationMs, String isrc, int albumPopularity,
            int artistPopularity, long artistFollowers, double base, boolean keptUnlessShadowed, String sticky,
            String status, Integer hasDownload, Double secondaryPriority, long inputsFetchedAt, Long plannedInputs) {
    }

    /** The terms query of the tracks {@code from} and {@code where} select; parameter: that of {@code where}. */
    private String termsSql(String from, String where) {
        return "SELECT rowid, track_id, popularity, duration_ms, isrc, album_popularity, artist_popularity, artist_followers,"
                + " base_priority, kept_unless_shadowed, sticky_status, previous_status, previous_isrc_has_download,"
                + " previous_secondary_priority, inputs_fetched_at, previous_inputs"
                + " FROM (" + terms.ofEachTrack(from, "", where) + ") e";
    }

    public String explain(String trackId) throws SQLException {
        try (Connection connection = catalog.getConnection()) {
            // found through its planned row: track_files has an index on track_id where the engine affords one
            List<Terms> found = terms(connection, termsSql("tracks t", "WHERE t.rowid = (SELECT rowid FROM track_files WHERE track_id = ?)"),
                    trackId);
            if (found.isEmpty() || found.get(0).status() == null) {
                return "track " + trackId + ": not planned (unknown id, or run `longplay plan` first)\n";
            }
            Terms t = found.get(0);
            StringBuilder out = new StringBuilder();
            out.append(String.format("track %s (rowid %d): %s%n", t.trackId(), t.rowid(), t.status()));
            if (!Long.valueOf(t.inputsFetchedAt()).equals(t.plannedInputs())) {
                out.append("  note: the track, its album or its artists were imported again since it was planned;"
                        + " the terms below are today's: run `longplay plan` to apply them\n");
            }
            out.append("  why: ").append(rule(t)).append('\n');
            out.append(String.format("  popularity %d, duration %d ms, ISRC %s%n", t.popularity(), t.durationMs(),
                    t.isrc() == null ? "none" : t.isrc()));
            out.append(bestArtist(connection, t.rowid()));
            double artistTerm = t.artistPopularity() / 100.0;
            double albumTerm = t.albumPopularity() / 100.0;
            double followersTerm = Math.log10(Math.min(1e8, t.artistFollowers() + 1)) / 8;
            int download = t.hasDownload() == null ? 0 : t.hasDownload();
            out.append(String.format(Locale.ROOT, "  secondary priority = %d/100 (best artist's popularity) + %d/100 (album's popularity)"
                    + " + log10(min(1e8, %d + 1))/8 (followers) - 10 x %d (isrc_has_download)%n"
                    + "                     = %.6f + %.6f + %.6f - %d = %.6f%n",
                    t.artistPopularity(), t.albumPopularity(), t.artistFollowers(), download,
                    artistTerm, albumTerm, followersTerm, 10 * download, t.secondaryPriority() == null ? t.base() - 10 * download : t.secondaryPriority()));
            out.append(String.format(Locale.ROOT, "  threshold %.3f (applies at popularity 0): without its ISRC term %.6f is %s%n",
                    settings.priorityThreshold(), t.base(), t.base() < settings.priorityThreshold() ? "below" : "at or above"));
            out.append(group(connection, t));
            return out.toString();
        }
    }

    private String rule(Terms t) {
        if (t.sticky() != null) {
            return "kept from an earlier run: " + t.sticky() + ", and its inputs (track, album, artists) have not changed since";
        }
        if (t.durationMs() == 0) {
            return "rule 1: duration_ms = 0";
        }
        if (t.popularity() > 0) {
            return "rule 2: popularity > 0, kept in original quality";
        }
        if (Integer.valueOf(1).equals(t.hasDownload())) {
            return "rule 3: popularity 0, and a copy ranked above it in its ISRC group is kept";
        }
        if (t.base() < settings.priorityThreshold()) {
            return String.format(Locale.ROOT, "rule 3: popularity 0, secondary priority %.6f < threshold %.3f", t.base(),
                    settings.priorityThreshold());
        }
        return String.format(Locale.ROOT, "rule 3: popularity 0, no kept copy above it, secondary priority %.6f >= threshold %.3f:"
                + " re-encode to Opus %d kbit/s", t.base(), settings.priorityThreshold(), settings.reencodeKbit());
    }

    private String bestArtist(Connection connection, long trackRowid) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT a.rowid, a.name, a.popularity, a.followers_total"
                + " FROM track_artists ta JOIN artists a ON a.rowid = ta.artist_rowid WHERE ta.track_rowid = ?"
                + " ORDER BY a.popularity DESC, a.followers_total DESC, a.rowid")) {
            query.setLong(1, trackRowid);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    return "  artists: none (both artist terms are 0)\n";
                }
                return String.format("  best artist: %s (rowid %d, popularity %d, %d followers)%n", rs.getString(2), rs.getLong(1),
                        rs.getInt(3), rs.getLong(4));
            }
        }
    }

    private String group(Connection connection, Terms t) throws SQLException {
        if (t.isrc() == null) {
            return "  ISRC group: none (no ISRC)\n";
        }
        List<Terms> members = terms(connection, termsSql("isrc_groups g JOIN tracks t ON t.rowid = g.track_rowid", "WHERE g.isrc = ?")
                + " ORDER BY popularity DESC, base_priority DESC, rowid", t.isrc());
        if (members.size() < 2) {
            return "  ISRC group: none (no other track has ISRC " + t.isrc() + ")\n";
        }
        StringBuilder out = new StringBuilder("  ISRC group " + t.isrc() + ", ranked (popularity, then priority without ISRC term, then rowid):\n");
        int rank = 1;
        for (Terms m : members) {
            out.append(String.format(Locale.ROOT, "    %d. %s rowid %d  popularity %d  priority %.6f  %s%s%n", rank++, m.trackId(),
                    m.rowid(), m.popularity(), m.base(), m.status(), m.rowid() == t.rowid() ? "   <- this track" : ""));
        }
        return out.toString();
    }

    private List<Terms> terms(Connection connection, String sql, String parameter) throws SQLException {
        List<Terms> terms = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    terms.add(new Terms(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getString(5), rs.getInt(6),
                            rs.getInt(7), rs.getLong(8), rs.getDouble(9), rs.getInt(10) == 1, rs.getString(11), rs.getString(12),
                            (Integer) rs.getObject(13), (Double) rs.getObject(14), rs.getLong(15), (Long) rs.getObject(16)));
                }
            }
        }
        return terms;
    }
}
