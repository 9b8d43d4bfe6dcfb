-- Reference for the plan benchmark: the planning rules of docs/contracts.md §4 as one SQL script for the
-- sqlite3 CLI, on the source database (attached read-only as src), writing the outcome per track.
-- Run as: sqlite3 plan.sqlite3 -cmd "ATTACH 'spotify_clean.sqlite3' AS src" < bench/plan.sql
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
BEGIN;
CREATE TABLE terms AS
SELECT t.rowid AS rowid, t.id AS track_id, t.popularity AS popularity, t.duration_ms AS duration_ms,
       t.external_id_isrc AS isrc,
       COALESCE(b.best / 1000000000, 0) / 100.0 + al.popularity / 100.0
         + log10(min(100000000, COALESCE(b.best % 1000000000, 0) + 1)) / 8.0 AS base
FROM src.tracks t
JOIN src.albums al ON al.rowid = t.album_rowid
LEFT JOIN (SELECT ta.track_rowid AS track_rowid,
                  MAX(ar.popularity * 1000000000 + min(ar.followers_total, 999999999)) AS best
           FROM src.track_artists ta JOIN src.artists ar ON ar.rowid = ta.artist_rowid
           GROUP BY ta.track_rowid) b ON b.track_rowid = t.rowid;
CREATE TABLE ranked AS
SELECT terms.*,
       CASE WHEN duration_ms = 0 THEN 0 WHEN popularity > 0 THEN 1 WHEN base >= 0.351 THEN 1 ELSE 0 END AS kept_unless_shadowed
FROM terms;
CREATE TABLE track_files AS
SELECT rowid, track_id, popularity AS track_popularity, isrc_has_download,
       base - 10 * isrc_has_download AS secondary_priority,
       CASE WHEN duration_ms = 0 THEN 'error_zero_duration'
            WHEN popularity > 0 THEN 'todo'
            WHEN isrc_has_download = 1 THEN 'skipped_isrc_has_download'
            WHEN base < 0.351 THEN 'skipped_low_priority'
            ELSE 'todo' END AS status
FROM (SELECT r.*,
             CASE WHEN isrc IS NULL THEN 0
                  ELSE COALESCE(MAX(kept_unless_shadowed) OVER (PARTITION BY isrc ORDER BY popularity DESC, base DESC, rowid
                                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) END AS isrc_has_download
      FROM ranked r);
COMMIT;
SELECT status, COUNT(*) FROM track_files GROUP BY status ORDER BY status;
