-- ISRC groups: the tracks whose ISRC is shared with another track, by ISRC. Planning ranks the
-- members of each group; a track alone with its ISRC is in no group. Loaded at import in ISRC
-- order through the source's published index (see SourceTables.ISRC_GROUPS), so the catalog needs
-- no secondary index on tracks.
CREATE TABLE isrc_groups (
  isrc VARCHAR(64) NOT NULL,
  track_rowid BIGINT NOT NULL,
  PRIMARY KEY (isrc, track_rowid)
);
