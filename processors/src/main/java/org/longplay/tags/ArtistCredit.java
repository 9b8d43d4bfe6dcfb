package org.longplay.tags;

import java.util.Comparator;

/**
 * An artist of a track or album with its position on the album. Artist order (docs/contracts.md §5.3): by
 * {@code index_in_album} on the album (artists without one after), then name by code points, then rowid.
 */
public record ArtistCredit(long rowid, String name, Integer indexInAlbum) {
    public static final Comparator<ArtistCredit> ORDER = Comparator
            .comparing(ArtistCredit::indexInAlbum, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(ArtistCredit::name, CodePointOrder.INSTANCE)
            .thenComparingLong(ArtistCredit::rowid);
}
