package org.longplay.common;

import java.io.PrintStream;

/**
 * Progress of long work on the operator's terminal: a self-overwriting line on stderr, at most a few
 * times a second, and nothing at all when stderr is not a terminal (logs and scripts stay clean).
 */
public final class Progress implements AutoCloseable {

    private static final long INTERVAL_NANOS = 250_000_000L;
    private static final Progress SILENT = new Progress(null, "", 0);

    private final PrintStream out;
    private final String label;
    private final long total;
    private final long started = System.nanoTime();
    private long lastPrint;
    private boolean printed;

    private Progress(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = total;
    }

    /**
     * Shows progress when a person watches, else does nothing. The launcher script tells whether
     * stderr is a terminal ({@code -Dlongplay.terminal}); without it, an attached console decides.
     */
    public static Progress onTerminal(String label, long total) {
        String terminal = System.getProperty("longplay.terminal");
        boolean watched = terminal != null ? Boolean.parseBoolean(terminal) : System.console() != null;
        return watched ? new Progress(System.err, label, total) : SILENT;
    }

    public synchronized void update(long done) {
        if (out == null) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastPrint < INTERVAL_NANOS) {
            return;
        }
        lastPrint = now;
        double seconds = Math.max(1e-9, (now - started) / 1e9);
        String percent = total > 0 ? String.format(" (%d%%)", Math.min(100, done * 100 / total)) : "";
        double rate = done / seconds;
        out.printf("\r%s: %,d%s of %,d, %,.1f/s%s   ", label, done, percent, total, rate, timeLeft(total - done, rate));
        out.flush();
        printed = true;
    }

    /** ", 1h02m left" from the rate so far; nothing before there is a rate. */
    static String timeLeft(long remaining, double rate) {
        if (remaining <= 0 || rate <= 0) {
            return "";
        }
        long s = (long) Math.ceil(remaining / rate);
        return s >= 3600 ? String.format(", %dh%02dm left", s / 3600, s / 60 % 60)
                : String.format(", %dm%02ds left", s / 60, s % 60);
    }

    @Override
    public synchronized void close() {
        if (printed) {
            out.print("\r\033[K");
            out.flush();
        }
    }
}
