package org.longplay.torrent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TorrentMagnetTest {
    private static final String V1 = "0123456789abcdef0123456789abcdef01234567";
    private static final String V2 = "aa".repeat(32);

    @Test
    void aV1MagnetHasTheBtihTheEncodedNameAndEachTracker() {
        assertEquals("magnet:?xt=urn:btih:" + V1 + "&dn=Caf%C3%A9%20%26%20co%3A%2B"
                        + "&tr=http%3A%2F%2Fa.example%2Fannounce&tr=udp%3A%2F%2Fb.example%3A6969",
                Magnet.of(V1, null, "Café & co:+", List.of("http://a.example/announce", "udp://b.example:6969")));
    }

    @Test
    void aHybridMagnetAlsoHasTheV2MultihashAfterTheBtih() {
        assertEquals("magnet:?xt=urn:btih:" + V1 + "&xt=urn:btmh:1220" + V2 + "&dn=x",
                Magnet.of(V1, V2, "x", List.of()));
    }
}
