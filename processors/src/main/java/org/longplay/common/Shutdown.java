package org.longplay.common;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A stop asked for from outside (SIGTERM, Ctrl-C): long work checks {@link #requested()} between items
 * and ends early, leaving what it did not reach for the next run. The CLI's shutdown hook calls
 * {@link #request()} and waits for {@link #finished()} so in-flight items end cleanly before the JVM does.
 */
public final class Shutdown {
    private static volatile boolean requested;
    private static final CountDownLatch FINISHED = new CountDownLatch(1);

    private Shutdown() {
    }

    public static void request() {
        requested = true;
    }

    public static boolean requested() {
        return requested;
    }

    /** The command's work is over (the runtime is closed): a waiting shutdown hook may let the JVM end. */
    public static void finished() {
        FINISHED.countDown();
    }

    /** Waits up to {@code seconds} for {@link #finished()}; true when it came. */
    public static boolean awaitFinished(long seconds) throws InterruptedException {
        return FINISHED.await(seconds, TimeUnit.SECONDS);
    }
}
