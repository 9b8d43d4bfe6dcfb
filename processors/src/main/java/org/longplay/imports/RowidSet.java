package org.longplay.imports;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Rowids of a table's accepted rows, so links are checked without a query per row, while that
 * table may still be loading on another thread. One bit per rowid in 64 Ki-bit pages: 1,000,000
 * dense rowids take 125 KB; sparse rowids cost only their pages.
 *
 * <p>The loading table publishes how far it has decided ({@link #decidedThrough}): its rows come in
 * rowid order, so a child reading in the same order follows right behind it instead of waiting for
 * the whole table. A reader asks {@link #contains} only after {@link #awaitDecided} for that rowid.
 */
final class RowidSet {
    private static final int PAGE_BITS = 16;
    private static final long MASK = (1L << PAGE_BITS) - 1;

    private final ConcurrentHashMap<Long, AtomicLongArray> pages = new ConcurrentHashMap<>();
    private final Object progress = new Object();
    private volatile long decidedThrough = Long.MIN_VALUE;
    private volatile boolean complete;

    void add(long rowid) {
        AtomicLongArray page = pages.computeIfAbsent(rowid >>> PAGE_BITS, k -> new AtomicLongArray(1 << (PAGE_BITS - 6)));
        int bit = (int) (rowid & MASK);
        long mask = 1L << bit;
        page.getAndAccumulate(bit >>> 6, mask, (word, m) -> word | m);
    }

    boolean contains(long rowid) {
        AtomicLongArray page = pages.get(rowid >>> PAGE_BITS);
        if (page == null) {
            return false;
        }
        int bit = (int) (rowid & MASK);
        return (page.get(bit >>> 6) & (1L << bit)) != 0;
    }

    /** Every rowid up to {@code rowid} is now decided: added if accepted, absent if not. */
    void decidedThrough(long rowid) {
        synchronized (progress) {
            decidedThrough = rowid;
            progress.notifyAll();
        }
    }

    /** The table is done (or failed): every rowid is decided. */
    void complete() {
        synchronized (progress) {
            complete = true;
            progress.notifyAll();
        }
    }

    /** Waits until the loading table has decided {@code rowid}. */
    void awaitDecided(long rowid) throws InterruptedException {
        if (complete || decidedThrough >= rowid) {
            return;
        }
        synchronized (progress) {
            while (!complete && decidedThrough < rowid) {
                progress.wait();
            }
        }
    }
}
