package org.longplay.process;

import java.util.concurrent.Semaphore;

/**
 * The heap the tracks in flight may hold at once, so that no combination of inputs runs a worker out of
 * memory: a track holds its original, the tagged or re-encoded copy, the patch and the cover while it is
 * processed, about {@value #COPIES} times its original's size. A track reserves that much before it reads its
 * original and gives it back when it is done; while the budget is taken, the next big track waits for it. A
 * track that could never fit is refused with the figures (it stays todo: a worker with a larger heap can take it).
 */
final class MemoryBudget {
    /** Copies of an original's size a track holds at its peak (original, output, patch, headroom). */
    static final int COPIES = 3;
    private static final int UNIT = 1 << 20;

    private final Semaphore megabytes;
    private final int total;

    /** A budget of {@code bytes}. */
    MemoryBudget(long bytes) {
        this.total = (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytes / UNIT));
        this.megabytes = new Semaphore(total, true);
    }

    /** Three fifths of this JVM's maximum heap: the rest is Camel, the catalogue's pool, the encoder's buffers. */
    static MemoryBudget ofThisJvm() {
        return new MemoryBudget(Runtime.getRuntime().maxMemory() / 5 * 3);
    }

    /** A reservation; closing it gives the memory back. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Reserves what a track with an original of {@code originalBytes} holds, waiting while other tracks hold the
     * budget; refused (an {@link java.io.IOException} naming the figures) when it could never fit.
     */
    Held reserve(long originalBytes) throws java.io.IOException, InterruptedException {
        long needed = Math.max(1, (originalBytes * COPIES + UNIT - 1) / UNIT);
        if (needed > total) {
            throw new java.io.IOException(String.format(java.util.Locale.ROOT, "an original of %,d bytes needs about %,d MB of heap to "
                    + "process, more than this worker's budget of %,d MB (3/5 of -Xmx); a worker with a larger heap can take it",
                    originalBytes, needed, total));
        }
        int permits = (int) needed;
        megabytes.acquire(permits);
        return () -> megabytes.release(permits);
    }
}
