-- Tracks by ISRC: the lookup planning groups ISRCs with, loaded in ISRC order at import
-- (see SourceTables.TRACK_ISRCS) instead of a secondary index on tracks.
CREATE TABLE track_isrcs (
  isrc VARCHAR(64) NOT NULL,
  track_rowid BIGINT NOT NULL,
  PRIMARY KEY (isrc, track_rowid)
);
