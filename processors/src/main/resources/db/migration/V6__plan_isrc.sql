-- Planning reads every track once, in rowid batches, with its terms computed on the way; only the
-- members of ISRC groups need their terms ahead of that, to be ranked against each other. So the
-- per-track scratch of version 3 (plan_terms: a row per track, tens of GB at full scale) gives way
-- to two small ones, emptied at the start of every run:
--   plan_isrc_members  the members of isrc_groups keyed by rowid, so that their tracks are read in
--                      rowid order (in ISRC order each look-up misses the row cache: ~50x slower)
--   plan_isrc          their terms and ISRC rank; keyed by rowid for the outcome pass's look-up,
--                      indexed by ISRC for the ranking
DROP TABLE plan_terms;
CREATE TABLE plan_isrc_members (
  rowid BIGINT NOT NULL PRIMARY KEY,
  isrc VARCHAR(64) NOT NULL
);
CREATE TABLE plan_isrc (
  rowid BIGINT NOT NULL PRIMARY KEY,
  isrc VARCHAR(64) NOT NULL,
  popularity INTEGER NOT NULL,
  base_priority DOUBLE PRECISION NOT NULL,
  kept_unless_shadowed INTEGER NOT NULL,
  isrc_has_download INTEGER
);
CREATE INDEX plan_isrc_by_isrc ON plan_isrc (isrc);
