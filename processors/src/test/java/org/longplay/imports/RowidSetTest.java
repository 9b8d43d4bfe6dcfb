package org.longplay.imports;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class RowidSetTest {

    @Test
    void holdsDenseSparseAndNegativeRowids() {
        RowidSet set = new RowidSet();
        long[] rowids = {0, 1, 63, 64, 65, 65_535, 65_536, 1L << 40, -1, Long.MAX_VALUE};
        for (long rowid : rowids) {
            set.add(rowid);
        }
        for (long rowid : rowids) {
            assertTrue(set.contains(rowid), "contains " + rowid);
        }
        assertFalse(set.contains(2));
        assertFalse(set.contains((1L << 40) + 1));
        assertFalse(set.contains(62));
        assertFalse(set.contains(66));
    }

    @Test
    void aReaderWaitsUntilTheLoadingTableHasDecidedTheRowidItNeeds() throws Exception {
        RowidSet parents = new RowidSet();
        CountDownLatch waiting = new CountDownLatch(1);
        boolean[] seen = new boolean[1];
        Thread child = new Thread(() -> {
            try {
                waiting.countDown();
                parents.awaitDecided(150);
                seen[0] = parents.contains(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        child.start();
        waiting.await();
        for (long rowid = 1; rowid <= 200; rowid++) {
            parents.add(rowid);
            if (rowid % 50 == 0) {
                parents.decidedThrough(rowid);
            }
        }
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> child.join());
        assertTrue(seen[0], "the child saw the parent row once it was decided");
    }

    @Test
    void aCompletedSetReleasesEveryWaiter() {
        RowidSet parents = new RowidSet();
        parents.complete();
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> parents.awaitDecided(Long.MAX_VALUE));
    }
}
