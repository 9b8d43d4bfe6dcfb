-- Reference for the import benchmark: the sqlite3 CLI copies the tables the catalog imports, with the
-- same columns and keys (the catalog has no other index) and its ISRC groups, in the same key
-- order, from the attached
-- source into a fresh database.
-- Run as: sqlite3 fresh.sqlite3 -cmd "ATTACH 'spotify_clean.sqlite3' AS src" < bench/sqlite-copy.sql
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
BEGIN;
CREATE TABLE artists (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, fetched_at INTEGER NOT NULL, name TEXT NOT NULL,
  followers_total INTEGER NOT NULL, popularity INTEGER NOT NULL);
INSERT INTO artists SELECT rowid, id, fetched_at, name, followers_total, popularity FROM src.artists ORDER BY rowid;
CREATE TABLE albums (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, fetched_at INTEGER NOT NULL, name TEXT NOT NULL,
  album_type TEXT NOT NULL, external_id_upc TEXT, external_id_amgid TEXT, copyright_c TEXT, copyright_p TEXT, label TEXT,
  popularity INTEGER NOT NULL, release_date TEXT NOT NULL, release_date_precision TEXT NOT NULL, total_tracks INTEGER NOT NULL);
INSERT INTO albums SELECT rowid, id, fetched_at, name, album_type, external_id_upc, external_id_amgid, copyright_c,
  copyright_p, label, popularity, release_date, release_date_precision, total_tracks FROM src.albums ORDER BY rowid;
CREATE TABLE tracks (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, fetched_at INTEGER NOT NULL, name TEXT NOT NULL,
  album_rowid INTEGER NOT NULL, track_number INTEGER NOT NULL, external_id_isrc TEXT, external_id_ean TEXT,
  external_id_upc TEXT, popularity INTEGER NOT NULL, disc_number INTEGER NOT NULL, duration_ms INTEGER NOT NULL,
  explicit INTEGER NOT NULL);
INSERT INTO tracks SELECT rowid, id, fetched_at, name, album_rowid, track_number, external_id_isrc, external_id_ean,
  external_id_upc, popularity, disc_number, duration_ms, explicit FROM src.tracks ORDER BY rowid;
CREATE TABLE artist_genres (artist_rowid INTEGER NOT NULL, genre TEXT NOT NULL, PRIMARY KEY (artist_rowid, genre)) WITHOUT ROWID;
INSERT INTO artist_genres SELECT artist_rowid, genre FROM src.artist_genres ORDER BY artist_rowid, genre;
CREATE TABLE album_images (album_rowid INTEGER NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL, url TEXT NOT NULL,
  PRIMARY KEY (album_rowid, width, height, url)) WITHOUT ROWID;
INSERT INTO album_images SELECT album_rowid, width, height, url FROM src.album_images ORDER BY album_rowid, width, height, url;
CREATE TABLE artist_albums (album_rowid INTEGER NOT NULL, artist_rowid INTEGER NOT NULL, is_appears_on INTEGER NOT NULL,
  is_implicit_appears_on INTEGER NOT NULL, index_in_album INTEGER, PRIMARY KEY (album_rowid, artist_rowid)) WITHOUT ROWID;
INSERT INTO artist_albums SELECT album_rowid, artist_rowid, is_appears_on, is_implicit_appears_on, index_in_album
  FROM src.artist_albums ORDER BY album_rowid, artist_rowid;
CREATE TABLE track_artists (track_rowid INTEGER NOT NULL, artist_rowid INTEGER NOT NULL,
  PRIMARY KEY (track_rowid, artist_rowid)) WITHOUT ROWID;
INSERT INTO track_artists SELECT track_rowid, artist_rowid FROM src.track_artists ORDER BY track_rowid, artist_rowid;
CREATE TABLE isrc_groups (isrc TEXT NOT NULL, track_rowid INTEGER NOT NULL, PRIMARY KEY (isrc, track_rowid)) WITHOUT ROWID;
INSERT INTO isrc_groups SELECT external_id_isrc, rowid FROM src.tracks WHERE external_id_isrc IN
  (SELECT external_id_isrc FROM src.tracks WHERE external_id_isrc IS NOT NULL GROUP BY external_id_isrc HAVING COUNT(*) > 1)
  ORDER BY external_id_isrc, rowid;
COMMIT;
