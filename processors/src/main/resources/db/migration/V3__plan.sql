-- Planning (docs/contracts.md §4). track_files gets Longplay's own planning columns after the reference 27:
--   inputs_fetched_at  the latest fetched_at of the track, its album and its artists when planned;
--                      a later one means the inputs changed and a finished track is planned anew
--   work_order         process order: popularity descending, then (popularity 0) secondary priority
--                      descending; ties by rowid
-- The catalog's track_files keeps its primary key only: a unique index on track_id would be filled
-- in random order (30x slower in HSQLDB); the export to SQLite carries the reference's unique index.
ALTER TABLE track_files DROP CONSTRAINT track_files_track_id_unique;
ALTER TABLE track_files ADD COLUMN inputs_fetched_at BIGINT;
ALTER TABLE track_files ADD COLUMN work_order BIGINT;

-- Scratch of one planning run: each track's terms, filled in rowid batches, read back by the
-- ISRC ranking and by `plan --explain`. Emptied at the start of every run.
CREATE TABLE plan_terms (
  rowid BIGINT NOT NULL PRIMARY KEY,
  track_id VARCHAR(22) NOT NULL,
  popularity INTEGER NOT NULL,
  duration_ms BIGINT NOT NULL,
  isrc VARCHAR(64),
  album_popularity INTEGER NOT NULL,
  artist_popularity INTEGER NOT NULL,
  artist_followers BIGINT NOT NULL,
  base_priority DOUBLE PRECISION NOT NULL,
  kept_unless_shadowed INTEGER NOT NULL,
  sticky_status VARCHAR(40),
  inputs_fetched_at BIGINT NOT NULL
);
