import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.longplay.catalog.CatalogDataSource;
import org.longplay.catalog.CatalogRetry;
import org.longplay.process.OutcomeRecorder;
import org.longplay.process.ProcessSettings;
import org.longplay.process.ProcessWorker;
import org.longplay.process.TrackOutcome;
import org.longplay.process.WorkItem;
import org.longplay.process.WorkQueue;

/**
 * Catalogue capacity: how many track outcomes one PostgreSQL catalogue records per second for N workers that do
 * no audio work, each doing what a real worker does against the catalogue, through the same classes: claims in
 * work order ({@link WorkQueue.Claims}: a batch at a time, FOR UPDATE SKIP LOCKED, with a lease), the lease keeper
 * (renewal of its claims and its heartbeat every third of a lease, {@link ProcessWorker}), and one
 * {@link OutcomeRecorder} transaction per track (the queue row out, the outcome in). Each worker is a thread with
 * its own worker id; the pool has a connection per worker, as one connection per worker process would.
 *   java -cp 'launcher/target/longplay-launcher.jar:launcher/target/lib/*' bench/CatalogCapacity.java URL SECONDS WORKERS...
 * The catalogue must be imported and planned (its queue is rebuilt, and the statuses reset, before each level).
 */
public class CatalogCapacity {
    static final int CLAIM = 8;
    static final long LEASE = 60_000;

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int seconds = Integer.parseInt(args[1]);
        System.out.println("catalogue capacity on " + url + ": simulated workers, " + seconds + " s per level, claims of " + CLAIM
                + ", leases of " + LEASE / 1000 + " s");
        for (int i = 2; i < args.length; i++) {
            int workers = Integer.parseInt(args[i]);
            try (CatalogDataSource catalog = new CatalogDataSource()) {
                catalog.setUrl(url);
                catalog.setPoolSize(workers + workers / 3 + 4);
                catalog.setApplicationName("longplay capacity-benchmark");
                reset(catalog);
                level(catalog, workers, seconds);
            }
        }
    }

    /** Every track this benchmark recorded back to todo, and the queue refilled from the plan. */
    static void reset(CatalogDataSource catalog) throws Exception {
        try (Connection c = catalog.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE track_files SET status = 'todo', filename = NULL, sha256_with_embedded_meta = NULL"
                    + " WHERE status = 'success' AND filename LIKE 'capacity/%'");
            s.executeUpdate("DELETE FROM process_workers WHERE worker_id LIKE 'capacity-%'");
        }
        new WorkQueue(catalog).rebuild();
        try (Connection c = catalog.getConnection(); Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE work_queue");
            s.execute("VACUUM ANALYZE track_files");
        }
    }

    static void level(CatalogDataSource catalog, int workers, int seconds) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong recorded = new AtomicLong();
        List<long[]> claimNanos = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(workers);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            long[] latencies = new long[100_000];
            claimNanos.add(latencies);
            String id = "capacity-" + workers + "-" + w;
            ProcessSettings settings = new ProcessSettings(Path.of("/originals"), null, Path.of("/archive"), Path.of("/patches"),
                    Path.of("/work"), 1, false, false, 0L, 0, false, 0, id, 1, CLAIM, LEASE, 60_000, 0);
            Thread t = new Thread(() -> {
                try {
                    work(catalog, settings, stop, recorded, latencies, ready);
                } catch (Exception e) {
                    e.printStackTrace();
                }
            });
            threads.add(t);
            t.start();
        }
        ready.await();
        long before = recorded.get();
        long started = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long done = recorded.get() - before;
        double elapsed = (System.nanoTime() - started) / 1e9;
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        long[] all = claimNanos.stream().flatMapToLong(a -> Arrays.stream(a).filter(x -> x > 0)).sorted().toArray();
        System.out.printf(Locale.ROOT, "  %4d workers: %,9.0f outcomes/s  (%,d in %.1f s)   claim latency p50 %.1f ms, p99 %.1f ms (%,d claims)%n",
                workers, done / elapsed, done, elapsed, all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6, all.length);
    }

    /** One simulated worker: claims, a keeper renewing its leases, an outcome per claimed track. */
    static void work(CatalogDataSource catalog, ProcessSettings settings, AtomicBoolean stop, AtomicLong recorded, long[] latencies,
            CountDownLatch ready) throws Exception {
        CatalogRetry retry = new CatalogRetry(60_000);
        ProcessWorker worker = new ProcessWorker(catalog, settings.workerId(), 1, LEASE);
        worker.register(System.currentTimeMillis());
        OutcomeRecorder recorder = new OutcomeRecorder(catalog, settings, settings.workerId(), retry);
        WorkQueue.Claims claims = new WorkQueue(catalog).claims(new WorkQueue.ClaimSettings(settings.workerId(), CLAIM, LEASE,
                settings.originals(), retry));
        claims.stopWhen(stop::get);
        AtomicLong mine = new AtomicLong();
        Thread keeper = new Thread(() -> {
            while (!stop.get()) {
                try {
                    Thread.sleep(LEASE / 3);
                    claims.renew();
                    worker.heartbeat(mine.get(), 0, 0);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    if (!stop.get()) { // at the end of a level the keeper is interrupted in the middle of a renewal
                        e.printStackTrace();
                    }
                }
            }
        });
        keeper.setDaemon(true);
        keeper.start();
        ready.countDown();
        int n = 0;
        while (!stop.get()) {
            long t0 = System.nanoTime();
            if (!claims.hasNext()) {
                break;
            }
            WorkItem item = claims.next();
            long t1 = System.nanoTime();
            if (t1 - t0 > 100_000 && n < latencies.length) { // a claim went to the catalogue (not the batch in hand)
                latencies[n++] = t1 - t0;
            }
            TrackOutcome outcome = new TrackOutcome(item.rowid(), item.workOrder(), "capacity/" + item.trackId() + ".ogg",
                    "0".repeat(64), "1".repeat(64), 4_000_000, 4_000_000, null, 0, System.currentTimeMillis(), null);
            if (recorder.success(outcome) == OutcomeRecorder.Recorded.RECORDED) {
                recorded.incrementAndGet();
                mine.incrementAndGet();
            }
            claims.released(item.workOrder(), item.rowid());
        }
        keeper.interrupt();
        keeper.join();
        claims.giveBack();
        worker.end(ProcessWorker.FINISHED, null, mine.get(), 0, 0);
    }
}
