-- Staged releases (docs/contracts.md §5.6). The catalogue remembers what each stage released, so that a stage is
-- never rebuilt differently, later stages can point into earlier ones (file-metadata, patches), and
-- releases/torrents.json can be written again from here at any time.

-- release_stages: one row per stage of the release plan that was built. state 'built' = the stage's
-- files are complete in releases/.partial-<stage_id>/ and recorded below, not yet renamed into place;
-- 'released' = releases/<stage_id>/ is final and listed in torrents.json.
CREATE TABLE release_stages (
  stage_id VARCHAR(200) NOT NULL PRIMARY KEY,
  kind VARCHAR(40) NOT NULL,
  state VARCHAR(20) NOT NULL,
  released_at BIGINT NOT NULL,
  torrents INTEGER NOT NULL,
  files BIGINT NOT NULL,
  bytes BIGINT NOT NULL
);

-- release_files: every file released in a data folder (music and patches), keyed by collection and
-- AACID so that walking the key gives the AACID order of the metadata files. A collection's rows are
-- written once, when the collection is first needed (metadata or its own stage), and never change
-- afterwards except for where the file landed (torrent, path, byte_offset, btih), set by its stage.
-- stamp is the AACID's timestamp; original_quality marks music kept as held (it has a patch);
-- metadata_json is the record's metadata object exactly as released.
CREATE TABLE release_files (
  collection VARCHAR(200) NOT NULL,
  aacid VARCHAR(300) NOT NULL,
  stage_id VARCHAR(200) NOT NULL,
  track_rowid BIGINT NOT NULL,
  track_id VARCHAR(22) NOT NULL,
  stamp CHAR(16) NOT NULL,
  original_quality BOOLEAN NOT NULL,
  data_folder VARCHAR(1000) NOT NULL,
  source VARCHAR(32000) NOT NULL,
  size BIGINT NOT NULL,
  sha256 CHAR(64) NOT NULL,
  metadata_json VARCHAR(1000000) NOT NULL,
  torrent VARCHAR(1000),
  path VARCHAR(1000),
  byte_offset BIGINT,
  btih CHAR(40),
  PRIMARY KEY (collection, aacid)
);

-- release_collections: a collection whose release_files rows are complete (written in the same commit
-- as its last rows; rows of a collection without this row are left from an interrupted freeze).
CREATE TABLE release_collections (
  collection VARCHAR(200) NOT NULL PRIMARY KEY,
  files BIGINT NOT NULL,
  bytes BIGINT NOT NULL,
  folders INTEGER NOT NULL
);

-- release_torrents: one row per .torrent of a stage, in the order torrents.json lists them.
CREATE TABLE release_torrents (
  stage_id VARCHAR(200) NOT NULL,
  position INTEGER NOT NULL,
  torrent_file VARCHAR(1000) NOT NULL,
  display_name VARCHAR(1000) NOT NULL,
  group_name VARCHAR(200) NOT NULL,
  btih CHAR(40) NOT NULL,
  btmh CHAR(64),
  magnet_link VARCHAR(32000) NOT NULL,
  torrent_size BIGINT NOT NULL,
  num_files BIGINT NOT NULL,
  data_size BIGINT NOT NULL,
  is_metadata BOOLEAN NOT NULL,
  PRIMARY KEY (stage_id, position)
);

-- settings: inputs a later stage needs from an earlier command, e.g. the --covers folder of the last
-- process run, which the album-art stage packs.
CREATE TABLE settings (
  name VARCHAR(200) NOT NULL PRIMARY KEY,
  setting VARCHAR(32000)
);
