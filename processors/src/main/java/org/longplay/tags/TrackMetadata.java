package org.longplay.tags;

import java.util.List;

/**
 * Everything the archive name and the tags of one track come from, as the catalogue holds it (raw
 * values: cleaning happens where they are used). Lists are already in their contract order.
 */
public record TrackMetadata(
        long rowid,
        String trackId,
        String title,
        int trackNumber,
        int discNumber,
        String isrc,
        int popularity,
        String albumId,
        String album,
        String releaseDate,
        int totalTracks,
        String upc,
        String label,
        String copyrightC,
        String copyrightP,
        /* the track's artists in artist order */
        List<ArtistCredit> artists,
        /* album artists: not appears-on, not implicit, by index_in_album */
        List<ArtistCredit> albumArtists,
        /* the genres of the track's artists, in artist order, each artist's by code points, no repeats */
        List<String> genres,
        /* album image file names (last URL segment), widest first */
        List<String> coverFileNames) {

    /** The first artist's name, or "" for a track without artists (names use it). */
    public String firstArtist() {
        return artists.isEmpty() ? "" : artists.get(0).name();
    }
}
