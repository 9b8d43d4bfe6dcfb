-- Catalog tables. Portable SQL: HSQLDB by default, PostgreSQL later (VARBINARY becomes BYTEA there).
-- Source rowids are kept as keys so links (*_rowid) resolve without translation.
-- Free text is VARCHAR(32000): long enough for any real name, and bounded for HSQLDB's row cache.

CREATE TABLE artists (
  rowid BIGINT NOT NULL PRIMARY KEY,
  id VARCHAR(22) NOT NULL,
  fetched_at BIGINT NOT NULL,
  name VARCHAR(32000) NOT NULL,
  followers_total BIGINT NOT NULL,
  popularity INTEGER NOT NULL
);

CREATE TABLE artist_genres (
  artist_rowid BIGINT NOT NULL,
  genre VARCHAR(1000) NOT NULL,
  PRIMARY KEY (artist_rowid, genre)
);

CREATE TABLE albums (
  rowid BIGINT NOT NULL PRIMARY KEY,
  id VARCHAR(22) NOT NULL,
  fetched_at BIGINT NOT NULL,
  name VARCHAR(32000) NOT NULL,
  album_type VARCHAR(32) NOT NULL,
  external_id_upc VARCHAR(64),
  external_id_amgid VARCHAR(64),
  copyright_c VARCHAR(32000),
  copyright_p VARCHAR(32000),
  label VARCHAR(32000),
  popularity INTEGER NOT NULL,
  release_date VARCHAR(32) NOT NULL,
  release_date_precision VARCHAR(16) NOT NULL,
  total_tracks INTEGER NOT NULL
);

CREATE TABLE album_images (
  album_rowid BIGINT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  url VARCHAR(4000) NOT NULL,
  PRIMARY KEY (album_rowid, width, height, url)
);

CREATE TABLE artist_albums (
  album_rowid BIGINT NOT NULL,
  artist_rowid BIGINT NOT NULL,
  is_appears_on INTEGER NOT NULL,
  is_implicit_appears_on INTEGER NOT NULL,
  index_in_album INTEGER,
  PRIMARY KEY (album_rowid, artist_rowid)
);

CREATE TABLE tracks (
  rowid BIGINT NOT NULL PRIMARY KEY,
  id VARCHAR(22) NOT NULL,
  fetched_at BIGINT NOT NULL,
  name VARCHAR(32000) NOT NULL,
  album_rowid BIGINT NOT NULL,
  track_number INTEGER NOT NULL,
  external_id_isrc VARCHAR(64),
  external_id_ean VARCHAR(64),
  external_id_upc VARCHAR(64),
  popularity INTEGER NOT NULL,
  disc_number INTEGER NOT NULL,
  duration_ms BIGINT NOT NULL,
  explicit INTEGER NOT NULL
);

CREATE TABLE track_artists (
  track_rowid BIGINT NOT NULL,
  artist_rowid BIGINT NOT NULL,
  PRIMARY KEY (track_rowid, artist_rowid)
);

CREATE TABLE audio_features (
  track_id VARCHAR(22) NOT NULL PRIMARY KEY,
  fetched_at BIGINT,
  null_response INTEGER,
  duration_ms BIGINT,
  time_signature INTEGER,
  tempo DOUBLE PRECISION,
  musical_key INTEGER,
  musical_mode INTEGER,
  danceability DOUBLE PRECISION,
  energy DOUBLE PRECISION,
  loudness DOUBLE PRECISION,
  speechiness DOUBLE PRECISION,
  acousticness DOUBLE PRECISION,
  instrumentalness DOUBLE PRECISION,
  liveness DOUBLE PRECISION,
  valence DOUBLE PRECISION
);

-- The reference release's 27 columns, in its order; Longplay's own columns follow them.
CREATE TABLE track_files (
  rowid BIGINT NOT NULL PRIMARY KEY,
  track_id VARCHAR(22) NOT NULL,
  filename VARCHAR(32000),
  reencoded_kbit_vbr INTEGER,
  fetched_at BIGINT,
  session_country VARCHAR(8),
  sha256_original VARCHAR(64),
  sha256_with_embedded_meta VARCHAR(64),
  status VARCHAR(40) NOT NULL,
  isrc_has_download INTEGER,
  track_popularity INTEGER,
  secondary_priority DOUBLE PRECISION,
  prefixed_ogg_packet VARBINARY(4096),
  alternatives VARCHAR(32000),
  file_id_ogg_vorbis_96 VARCHAR(64),
  file_id_ogg_vorbis_160 VARCHAR(64),
  file_id_ogg_vorbis_320 VARCHAR(64),
  file_id_aac_24 VARCHAR(64),
  language_of_performance VARCHAR(64),
  artist_roles VARCHAR(32000),
  has_lyrics INTEGER,
  licensor VARCHAR(32000),
  original_title VARCHAR(32000),
  version_title VARCHAR(32000),
  file_id_mp3_96 VARCHAR(64),
  content_ratings VARCHAR(32000),
  filesize_bytes BIGINT,
  status_reason VARCHAR(4000),
  CONSTRAINT track_files_track_id_unique UNIQUE (track_id)
);

-- Rows the import refused, with the reason; keyed by their place in the source so re-import adds nothing.
CREATE TABLE rejects (
  source_table VARCHAR(64) NOT NULL,
  source_rowid BIGINT NOT NULL,
  reason VARCHAR(4000) NOT NULL,
  rejected_at BIGINT NOT NULL,
  PRIMARY KEY (source_table, source_rowid)
);
