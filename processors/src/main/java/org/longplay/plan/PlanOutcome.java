package org.longplay.plan;

/**
 * What docs/contracts.md §4 makes of a track's terms, as one SQL select shared by both ways of planning: its status,
 * {@code isrc_has_download}, secondary priority, Opus bitrate, the reason that stays with a sticky status,
 * its work order, and how the row reaches {@code track_files} ({@code write_kind}: 'I' insert, 'U' rewrite,
 * NULL unchanged). Columns, in order: rowid, track_id, status, isrc_has_download, popularity,
 * secondary_priority, reencoded_kbit_vbr, status_reason, inputs_fetched_at, work_order, duration_ms, write_kind.
 */
final class PlanOutcome {
    /** track_files' columns planning writes, in the order of the select's first ten. */
    static final String COLUMNS = "rowid, track_id, status, isrc_has_download, track_popularity, secondary_priority, reencoded_kbit_vbr,"
            + " status_reason, inputs_fetched_at, work_order";

    private PlanOutcome() {
    }

    /**
     * The outcome of the tracks of {@code terms} (a {@link PlanTerms} query, named {@code p}); {@code rank} joins
     * each ISRC group member's {@code isrc_has_download} as {@code i} (no row: in no group).
     */
    static String select(PlanSettings settings, String terms, String rank) {
        String threshold = PlanTerms.doublePrecision(settings.priorityThreshold());
        // each expression written out where it is used, for the reason PlanTerms gives
        String hasDownload = "COALESCE(i.isrc_has_download, 0)";
        // string literals are fixed-width CHAR in standard SQL (HSQLDB pads them): trim the result
        String status = "TRIM(TRAILING ' ' FROM CASE WHEN p.sticky_status IS NOT NULL THEN p.sticky_status"
                + " WHEN p.duration_ms = 0 THEN 'error_zero_duration'"
                + " WHEN p.popularity > 0 THEN 'todo'"
                + " WHEN i.isrc_has_download = 1 THEN 'skipped_isrc_has_download'"
                + " WHEN p.base_priority < " + threshold + " THEN 'skipped_low_priority'"
                + " ELSE 'todo' END)";
        String secondaryPriority = "(p.base_priority - 10 * " + hasDownload + ")";
        String reencodedKbit = "(CASE WHEN p.sticky_status IS NOT NULL THEN p.previous_reencoded_kbit_vbr"
                + " WHEN p.popularity = 0 AND " + status + " = 'todo' THEN " + settings.reencodeKbit() + " END)";
        // popularity descending, then (popularity 0) secondary priority descending at 1e-9; ties by rowid
        String workOrder = "CAST((100 - p.popularity) AS BIGINT) * 100000000000 + CASE WHEN p.popularity = 0"
                + " THEN CAST(FLOOR((20 - " + secondaryPriority + ") * 1000000000) AS BIGINT) ELSE 0 END";
        return "SELECT p.rowid, p.track_id, " + status + " AS status, " + hasDownload + " AS isrc_has_download,"
                + " p.popularity, " + secondaryPriority + " AS secondary_priority, " + reencodedKbit + " AS reencoded_kbit_vbr,"
                + " CASE WHEN p.sticky_status IS NOT NULL THEN p.previous_status_reason END AS status_reason,"
                + " p.inputs_fetched_at, " + workOrder + " AS work_order, p.duration_ms,"
                + " CASE WHEN p.previous_rowid IS NULL THEN 'I'"
                + " WHEN p.previous_status IS DISTINCT FROM " + status
                + " OR p.previous_isrc_has_download IS DISTINCT FROM " + hasDownload
                + " OR p.previous_secondary_priority IS DISTINCT FROM " + secondaryPriority
                + " OR p.previous_popularity IS DISTINCT FROM p.popularity"
                + " OR p.previous_inputs IS DISTINCT FROM p.inputs_fetched_at"
                + " OR p.previous_track_id IS DISTINCT FROM p.track_id"
                + " OR p.previous_reencoded_kbit_vbr IS DISTINCT FROM " + reencodedKbit + " THEN 'U' END AS write_kind"
                + " FROM (" + terms + ") p " + rank;
    }
}
