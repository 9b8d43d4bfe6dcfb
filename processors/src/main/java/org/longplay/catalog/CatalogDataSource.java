package org.longplay.catalog;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Locale;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.hsqldb.jdbc.JDBCDataSource;

/**
 * The catalogue's connections: the {@code catalog} bean of config/application.properties. The engine is
 * chosen by the URL ({@code longplay.catalog.url}): {@code jdbc:hsqldb:file:} (embedded, the default) or
 * {@code jdbc:postgresql://} (a server, through a pool of {@code poolSize} connections). Any other URL is
 * refused before anything is created, naming the key.
 *
 * <p>A PostgreSQL password comes from the environment ({@value #PASSWORD_ENV}) or from the file named by
 * {@code passwordFile}; never from the URL or the command line, where process lists and logs would show it.
 * Nothing here prints it.
 */
public final class CatalogDataSource implements DataSource, AutoCloseable {
    /** The environment variable holding the PostgreSQL password, when no password file is configured. */
    public static final String PASSWORD_ENV = "LONGPLAY_CATALOG_PASSWORD";
    public static final String URL_KEY = "longplay.catalog.url";

    private String url;
    private String user = "";
    private String passwordFile = "";
    private int poolSize = 10;
    private String applicationName = "longplay";
    private DataSource delegate;
    private HikariDataSource pool;
    private CatalogDialect dialect;

    /** A catalogue setting that cannot work: the message names the key and what is allowed (exit 2). */
    public static final class CatalogConfigException extends IllegalArgumentException {
        public CatalogConfigException(String message) {
            super(message);
        }
    }

    /** The engine the URL names, or the reason it cannot be used. */
    public static CatalogDialect engineOf(String url) {
        String u = url == null ? "" : url.trim();
        if (u.startsWith("jdbc:hsqldb:file:") || u.startsWith("jdbc:hsqldb:mem:")) {
            return CatalogDialect.HSQLDB;
        }
        if (u.startsWith("jdbc:postgresql://")) {
            if (u.toLowerCase(Locale.ROOT).matches(".*[?&;]password=.*")) {
                throw new CatalogConfigException(URL_KEY + " must not carry the password: give it in " + PASSWORD_ENV
                        + " or in a file named by longplay.catalog.password-file");
            }
            return CatalogDialect.POSTGRESQL;
        }
        throw new CatalogConfigException(URL_KEY + " = " + (u.isEmpty() ? "(empty)" : u) + " is not a catalogue Longplay can use: "
                + "jdbc:hsqldb:file:PATH (embedded, the default) or jdbc:postgresql://HOST[:PORT]/DATABASE");
    }

    /** Checks the settings and opens the engine (for PostgreSQL: the pool, with one connection tried). */
    public synchronized void open() throws SQLException {
        if (delegate != null) {
            return;
        }
        dialect = engineOf(url);
        if (dialect == CatalogDialect.HSQLDB) {
            JDBCDataSource hsqldb = new JDBCDataSource();
            hsqldb.setUrl(url.trim());
            hsqldb.setUser(user.isBlank() ? "SA" : user.trim());
            hsqldb.setPassword("");
            delegate = hsqldb;
            return;
        }
        if (poolSize < 2) {
            throw new CatalogConfigException("longplay.catalog.pool-size must be at least 2: " + poolSize);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("catalogue");
        config.setJdbcUrl(url.trim());
        config.setUsername(user.isBlank() ? "longplay" : user.trim());
        String password = password();
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        // a lost server is noticed within seconds, so that workers back off and retry (ProcessRun)
        config.setConnectionTimeout(10_000);
        config.setValidationTimeout(5_000);
        config.setKeepaliveTime(60_000);
        config.addDataSourceProperty("ApplicationName", applicationName);
        config.addDataSourceProperty("tcpKeepAlive", "true");
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new SQLException("cannot reach the catalogue at " + url.trim() + ": " + rootMessage(e), e);
        }
        delegate = pool;
    }

    private String password() {
        if (passwordFile != null && !passwordFile.isBlank()) {
            Path file = Path.of(passwordFile.trim());
            try {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new CatalogConfigException("longplay.catalog.password-file " + file + " cannot be read: " + e.getMessage());
            }
        }
        return System.getenv(PASSWORD_ENV);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    /** The engine's dialect (opens the catalogue if needed). */
    public CatalogDialect dialect() throws SQLException {
        open();
        return dialect;
    }

    /** The URL, for messages (it never holds a password: {@link #engineOf} refuses one). */
    public String url() {
        return url;
    }

    @Override
    public Connection getConnection() throws SQLException {
        open();
        return delegate.getConnection();
    }

    /**
     * This catalogue for what only reads (status): a statement that would wait for a lock another command holds
     * (an import or a plan loading a table) gives up at once instead ({@link CatalogDialect#lockNotAvailable}).
     * On the embedded catalogue, which one process holds, the same as this.
     */
    public DataSource impatient() throws SQLException {
        if (dialect().embedded()) {
            return this;
        }
        CatalogDataSource catalogue = this;
        return new javax.sql.DataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                Connection connection = catalogue.getConnection();
                setting(connection, true);
                return (Connection) java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("close") && method.getParameterCount() == 0 && !connection.isClosed()) {
                                try {
                                    setting(connection, false); // back to the pool as it came
                                } catch (SQLException e) {
                                    // a connection that cannot be reset is closed below anyway
                                }
                            }
                            try {
                                return method.invoke(connection, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }

            private void setting(Connection connection, boolean on) throws SQLException {
                try (Statement statement = connection.createStatement()) {
                    for (String sql : dialect.waitForNoLock(on)) {
                        statement.execute(sql);
                    }
                }
            }

            @Override
            public Connection getConnection(String username, String password) throws SQLException {
                return catalogue.getConnection(username, password);
            }

            @Override
            public PrintWriter getLogWriter() {
                return null;
            }

            @Override
            public void setLogWriter(PrintWriter out) {
            }

            @Override
            public void setLoginTimeout(int seconds) {
            }

            @Override
            public int getLoginTimeout() {
                return 0;
            }

            @Override
            public Logger getParentLogger() throws SQLFeatureNotSupportedException {
                throw new SQLFeatureNotSupportedException();
            }

            @Override
            public <T> T unwrap(Class<T> type) throws SQLException {
                return catalogue.unwrap(type);
            }

            @Override
            public boolean isWrapperFor(Class<?> type) {
                return catalogue.isWrapperFor(type);
            }
        };
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the catalogue's user and password come from its settings");
    }

    /** Closes the catalogue: an embedded HSQLDB database is shut down cleanly (no recovery at the next start), a pool closed. */
    @Override
    public synchronized void close() throws SQLException {
        if (delegate == null) {
            return;
        }
        try {
            if (dialect == CatalogDialect.HSQLDB) {
                try (Connection connection = delegate.getConnection(); Statement statement = connection.createStatement()) {
                    statement.execute("SHUTDOWN");
                }
            }
        } finally {
            if (pool != null) {
                pool.close();
            }
            delegate = null;
            pool = null;
        }
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public void setUser(String user) {
        this.user = user == null ? "" : user;
    }

    public void setPasswordFile(String passwordFile) {
        this.passwordFile = passwordFile;
    }

    public void setPoolSize(int poolSize) {
        this.poolSize = poolSize;
    }

    /** The command this process runs, as its sessions show in pg_stat_activity (e.g. "longplay process"). */
    public String applicationName() {
        return applicationName;
    }

    /** How the catalogue's sessions show in pg_stat_activity (e.g. "longplay process"). */
    public void setApplicationName(String applicationName) {
        this.applicationName = applicationName;
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper of " + type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
