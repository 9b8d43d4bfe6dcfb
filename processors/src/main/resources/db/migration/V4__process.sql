-- Processing (docs/contracts.md §5, §7).
-- originals: what `process --originals DIR` found, one row per track id (a second file with the same
--   id loses to the smaller path); refreshed on every run, so added or removed files are seen.
CREATE TABLE originals (
  track_id VARCHAR(22) NOT NULL PRIMARY KEY,
  path VARCHAR(32000) NOT NULL,
  size BIGINT NOT NULL,
  seen_at BIGINT NOT NULL
);

-- work_queue: the tracks to process, keyed in work order, so that claiming the next batch is a walk
-- of this primary key instead of a sort of track_files. Rebuilt at the start of every run.
CREATE TABLE work_queue (
  work_order BIGINT NOT NULL,
  track_rowid BIGINT NOT NULL,
  PRIMARY KEY (work_order, track_rowid)
);

-- archive_names: which track holds which archive file name (by a 64-bit hash of the name), so two
-- tracks never get the same name; the later one in rowid order gets " [<track_id>]".
CREATE TABLE archive_names (
  name_hash BIGINT NOT NULL PRIMARY KEY,
  track_rowid BIGINT NOT NULL
);

-- archive_name: the name reserved for the track (filename is set from it when the file is written);
-- archive_modified_at: the archive file's modification time when it was written, so that a later run
-- can trust the recorded hash of an untouched file without reading it again.
ALTER TABLE track_files ADD COLUMN archive_name VARCHAR(32000);
ALTER TABLE track_files ADD COLUMN archive_modified_at BIGINT;
