package org.longplay.torrent;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Magnet links: {@code magnet:?xt=urn:btih:<hex>[&xt=urn:btmh:1220<hex>]&dn=<name>&tr=<tracker>...}. */
public final class Magnet {
    private Magnet() {
    }

    public static String of(Torrent t) {
        return of(t.btih(), t.btmh(), t.name(), t.trackers());
    }

    /**
     * @param btih     v1 info-hash, hex
     * @param btmh     v2 info-hash (SHA-256), hex, or null for a v1-only torrent
     * @param name     display name, or null for none
     * @param trackers tracker URLs, in order
     */
    public static String of(String btih, String btmh, String name, List<String> trackers) {
        StringBuilder sb = new StringBuilder("magnet:?xt=urn:btih:").append(btih);
        if (btmh != null) {
            // multihash: 0x12 = sha2-256, 0x20 = 32 bytes
            sb.append("&xt=urn:btmh:1220").append(btmh);
        }
        if (name != null) {
            sb.append("&dn=").append(encode(name));
        }
        for (String tr : trackers) {
            sb.append("&tr=").append(encode(tr));
        }
        return sb.toString();
    }

    /** Percent-encoding of UTF-8 bytes; spaces as {@code %20}, not {@code +}. */
    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
