package org.longplay.process;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.longplay.common.Report;

/**
 * The process workers of the catalogue for {@code status}: each live one (host, pid, threads, tracks done,
 * rate, when its lease ends) and those that ended in the last hour, with why.
 */
public record WorkersReport(List<ProcessWorker.Seen> workers) implements Report {
    /** Ended workers stay in the report this long. */
    static final long RECENT_MILLIS = 3_600_000;

    public static WorkersReport read(DataSource catalog) throws SQLException {
        return new WorkersReport(ProcessWorker.seen(catalog, RECENT_MILLIS));
    }

    @Override
    public String render() {
        if (workers.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("process workers (live, and ended in the last hour)\n");
        out.append(String.format(Locale.ROOT, "  %-14s %-24s %8s %7s %10s %7s %8s  %s%n", "state", "host", "pid", "threads", "done", "failed",
                "tracks/s", "lease until / ended"));
        for (ProcessWorker.Seen w : workers) {
            Instant until = Instant.ofEpochMilli(w.endedAt() != null ? w.endedAt() : w.leaseUntil());
            out.append(String.format(Locale.ROOT, "  %-14s %-24s %8d %7d %,10d %,7d %8.2f  %s%n", w.state(), w.host(), w.pid(), w.threads(),
                    w.tracksDone(), w.tracksFailed(), w.rate(), until));
            if (w.reason() != null && !w.state().equals(ProcessWorker.WORKING)) {
                out.append("    ").append(w.reason()).append('\n');
            }
        }
        return out.toString();
    }
}
