package org.longplay.torrent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal bencode reader that also tells where a value lies in the bytes: strict about structure
 * (lengths, terminators, nesting), lenient about integer spelling (leading zeros, {@code -0}), which
 * only matters to whoever re-encodes.
 *
 * <p>The v1 info-hash is the SHA-1 of the info dictionary's bytes exactly as they are in the .torrent
 * file; decoding and re-encoding does not always give them back (unsorted keys, keys a library drops,
 * {@code i-0e}, leading zeros), so {@link #topLevelSpan(byte[], String)} finds the raw span instead.
 *
 * <p>Decoded values are {@link Long} (integers), {@code byte[]} (strings, left as bytes: names are
 * decoded as UTF-8 by the caller, hashes are binary), {@link List} and {@link Map} with keys as
 * ISO-8859-1 strings (one char per byte, so any key survives), in file order. Malformed input,
 * including a length running past the end and nesting deeper than {@link #MAX_DEPTH}, is an {@link IOException}.
 */
final class BencodeReader {
    /** Deeper nesting is refused rather than risking the stack; real torrents nest a few levels per path component. */
    static final int MAX_DEPTH = 512;

    /** Where a value lies: {@code bytes[start..end)}. */
    record Span(int start, int end) {
        byte[] copyOf(byte[] bytes) {
            return Arrays.copyOfRange(bytes, start, end);
        }
    }

    private final byte[] b;
    private final int limit;
    private int pos;

    private BencodeReader(byte[] bytes, int start, int end) {
        this.b = bytes;
        this.pos = start;
        this.limit = end;
    }

    /** Decodes the one value in {@code bytes[span)}; bytes left over inside the span are an error. */
    static Object decode(byte[] bytes, Span span) throws IOException {
        BencodeReader r = new BencodeReader(bytes, span.start(), span.end());
        Object v = r.value(0);
        if (r.pos != span.end()) {
            throw new IOException("bencode: " + (span.end() - r.pos) + " stray bytes after the value at " + r.pos);
        }
        return v;
    }

    /**
     * The span of the value of {@code key} in the top-level dictionary of {@code bytes}. The whole
     * dictionary is checked to be well formed up to its end (bytes after it are ignored, as clients do).
     * Null if the key is not there.
     */
    static Span topLevelSpan(byte[] bytes, String key) throws IOException {
        BencodeReader r = new BencodeReader(bytes, 0, bytes.length);
        if (r.limit == 0 || bytes[0] != 'd') {
            throw new IOException("bencode: not a dictionary at the top level");
        }
        r.pos = 1;
        Span found = null;
        while (r.peek() != 'e') {
            String k = r.key();
            int start = r.pos;
            r.value(1);
            if (found == null && k.equals(key)) {
                found = new Span(start, r.pos);
            }
        }
        return found;
    }

    private int peek() throws IOException {
        if (pos >= limit) {
            throw new IOException("bencode: unexpected end at " + pos);
        }
        return b[pos] & 0xff;
    }

    private String key() throws IOException {
        int c = peek();
        if (c < '0' || c > '9') {
            throw new IOException("bencode: dictionary key is not a string at " + pos);
        }
        return new String(string(), StandardCharsets.ISO_8859_1);
    }

    private Object value(int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("bencode: nested deeper than " + MAX_DEPTH + " at " + pos);
        }
        int c = peek();
        if (c == 'i') {
            pos++;
            return integer('e');
        }
        if (c == 'l') {
            pos++;
            List<Object> list = new ArrayList<>();
            while (peek() != 'e') {
                list.add(value(depth + 1));
            }
            pos++;
            return list;
        }
        if (c == 'd') {
            pos++;
            Map<String, Object> dict = new LinkedHashMap<>();
            while (peek() != 'e') {
                String k = key();
                Object v = value(depth + 1);
                dict.putIfAbsent(k, v);
            }
            pos++;
            return dict;
        }
        if (c >= '0' && c <= '9') {
            return string();
        }
        throw new IOException("bencode: unexpected byte 0x" + Integer.toHexString(c) + " at " + pos);
    }

    private byte[] string() throws IOException {
        long length = integer(':');
        if (length < 0 || length > limit - pos) {
            throw new IOException("bencode: string of " + length + " bytes runs past the end at " + pos);
        }
        byte[] s = Arrays.copyOfRange(b, pos, pos + (int) length);
        pos += (int) length;
        return s;
    }

    /** Digits (an optional minus for integers) up to {@code terminator}, which is consumed. */
    private long integer(int terminator) throws IOException {
        int start = pos;
        boolean negative = terminator == 'e' && peek() == '-';
        if (negative) {
            pos++;
        }
        long v = 0;
        int digits = 0;
        while (peek() != terminator) {
            int d = peek() - '0';
            if (d < 0 || d > 9) {
                throw new IOException("bencode: not a digit at " + pos);
            }
            if (v > (Long.MAX_VALUE - d) / 10) {
                throw new IOException("bencode: number too large at " + start);
            }
            v = v * 10 + d;
            digits++;
            pos++;
        }
        pos++;
        if (digits == 0) {
            throw new IOException("bencode: empty number at " + start);
        }
        return negative ? -v : v;
    }
}
