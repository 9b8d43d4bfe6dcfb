package org.longplay.catalog;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls to the catalogue that outlast a database away for a while (restarted, a network cut): a call that
 * fails because the connection is lost is tried again with back-off (0.5 s doubling to 10 s) until
 * {@code retryMillis} have passed, then fails with {@link CatalogUnavailableException}. Any other error fails at
 * once. Each call must be safe to repeat: a transaction that never committed, or one whose effect it checks.
 */
public final class CatalogRetry {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogRetry.class);

    @FunctionalInterface
    public interface Call<T> {
        T call() throws SQLException;
    }

    /** The catalogue did not answer for the whole retry period. */
    public static final class CatalogUnavailableException extends SQLException {
        public CatalogUnavailableException(String message, SQLException cause) {
            super(message, cause.getSQLState(), cause);
        }
    }

    private final long retryMillis;

    public CatalogRetry(long retryMillis) {
        this.retryMillis = retryMillis;
    }

    public <T> T call(String what, Call<T> call) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(retryMillis);
        long pause = 500;
        boolean warned = false;
        while (true) {
            try {
                T result = call.call();
                if (warned) {
                    LOG.warn("the catalogue answers again ({})", what);
                }
                return result;
            } catch (SQLException e) {
                if (!lostConnection(e)) {
                    throw e;
                }
                if (System.nanoTime() > deadline) {
                    throw new CatalogUnavailableException("the catalogue did not answer for " + retryMillis / 1000 + " s ("
                            + what + "): " + e.getMessage(), e);
                }
                if (!warned) {
                    LOG.warn("the catalogue does not answer ({}: {}); trying again for up to {} s", what, e.getMessage(), retryMillis / 1000);
                    warned = true;
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new CatalogUnavailableException("interrupted while waiting for the catalogue (" + what + ")", e);
                }
                pause = Math.min(pause * 2, 10_000);
            }
        }
    }

    /** Whether {@code e} says the connection to the database is lost, not that the statement is wrong. */
    public static boolean lostConnection(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException
                    || t instanceof java.net.SocketException || t instanceof java.io.EOFException) {
                return true;
            }
            // the connection pool's answer for a connection it found broken and closed: it carries no SQL state
            if (t instanceof SQLException sql && "Connection is closed".equals(sql.getMessage())) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exception; 57P01-57P03: the server shut down or is starting
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }
}
