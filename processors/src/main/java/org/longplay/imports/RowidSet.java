package org.longplay.imports;

import java.util.HashMap;
import java.util.Map;

/**
 * Rowids of accepted parent rows, so links are checked without a query per row. One bit per
 * rowid in 64 Ki-bit pages: 1,000,000 dense rowids take 125 KB; sparse rowids cost only their pages.
 */
final class RowidSet {
    private static final int PAGE_BITS = 16;
    private final Map<Long, long[]> pages = new HashMap<>();

    void add(long rowid) {
        long[] page = pages.computeIfAbsent(rowid >>> PAGE_BITS, k -> new long[1 << (PAGE_BITS - 6)]);
        int bit = (int) (rowid & ((1 << PAGE_BITS) - 1));
        page[bit >>> 6] |= 1L << bit;
    }

    void remove(long rowid) {
        long[] page = pages.get(rowid >>> PAGE_BITS);
        if (page != null) {
            int bit = (int) (rowid & ((1 << PAGE_BITS) - 1));
            page[bit >>> 6] &= ~(1L << bit);
        }
    }

    boolean contains(long rowid) {
        long[] page = pages.get(rowid >>> PAGE_BITS);
        if (page == null) {
            return false;
        }
        int bit = (int) (rowid & ((1 << PAGE_BITS) - 1));
        return (page[bit >>> 6] & (1L << bit)) != 0;
    }
}
