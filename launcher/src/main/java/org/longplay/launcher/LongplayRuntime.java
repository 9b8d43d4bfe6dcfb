package org.longplay.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.DefaultMainShutdownStrategy;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.longplay.catalog.CatalogDataSource;
import org.longplay.catalog.CatalogMigrator;
import org.longplay.catalog.UnfinishedCatalog;

/**
 * The Camel runtime every command runs in: camel-main with {@code config/application.properties}
 * (then any {@code --config} files, then {@code --set} pairs, each overriding the one before), the
 * routes loaded from disk, the catalog migrated before the first route runs.
 */
public final class LongplayRuntime implements AutoCloseable {

    /** Registry name of the catalog's {@link DataSource} bean. */
    public static final String CATALOG_BEAN = "catalog";

    /**
     * @param home       the repository root: {@code config/} and {@code routes/} are found there
     * @param workspace  where the catalog, archive and releases live
     * @param configFiles extra property files, later ones winning
     * @param overrides  {@code --set} pairs, winning over every file
     * @param command    what runs, for the workspace lock's label (e.g. {@code process})
     */
    public record Options(Path home, Path workspace, List<Path> configFiles, Map<String, String> overrides, String command) {
        public Options {
            configFiles = List.copyOf(configFiles);
            overrides = new LinkedHashMap<>(overrides);
        }

        public Options(Path home, Path workspace, List<Path> configFiles, Map<String, String> overrides) {
            this(home, workspace, configFiles, overrides, "(embedded)");
        }
    }

    private final Main main;
    private final OpenCatalogue catalogue;

    private LongplayRuntime(Main main, OpenCatalogue catalogue) {
        this.main = main;
        this.catalogue = catalogue;
    }

    public static Path defaultHome() {
        String home = System.getProperty("longplay.home");
        return Path.of(home != null ? home : ".").toAbsolutePath().normalize();
    }

    public static LongplayRuntime start(Options options) throws Exception {
        quietEngineLogs();
        Path workspace = options.workspace().toAbsolutePath().normalize();
        try {
            Files.createDirectories(workspace);
        } catch (java.io.IOException e) {
            throw new ConfigException("cannot use " + workspace + " as the workspace (--workspace): " + e.getClass().getSimpleName()
                    + (e.getMessage() == null || e.getMessage().equals(workspace.toString()) ? "" : ": " + e.getMessage()));
        }
        Main main = new Main();
        // The CLI owns SIGTERM (LongplayCli.runRoute): in-flight items finish, then the runtime closes.
        // camel-main's own hook would stop the context under them at the same time.
        if (main.getShutdownStrategy() instanceof DefaultMainShutdownStrategy strategy) {
            strategy.disableHangupSupport();
        }
        main.setPropertyPlaceholderLocations("file:" + options.home().resolve("config/application.properties"));
        // Camel keeps the first location's value for a key, so --config files go in as overrides, in order
        for (Path file : options.configFiles()) {
            readProperties(file).forEach((key, value) -> main.addOverrideProperty((String) key, (String) value));
        }
        main.addInitialProperty("longplay.cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        main.addOverrideProperty("longplay.home", options.home().toString());
        main.addOverrideProperty("longplay.workspace", workspace.toString());
        main.addOverrideProperty("longplay.command", options.command());
        if (SERVE.equals(options.command())) {
            main.addOverrideProperty("camel.main.routes-include-pattern", "file:" + options.home().resolve("routes") + "/*.yaml,file:"
                    + options.home().resolve("routes/serve") + "/*.yaml");
        }
        options.overrides().forEach(main::addOverrideProperty);
        OpenCatalogue opened = new OpenCatalogue(workspace, options.command());
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport configured) {
                // every longplay.* setting, before a bean is made from one
                org.apache.camel.spi.PropertiesComponent properties = configured.getCamelContext().getPropertiesComponent();
                SettingRules.check(properties.loadProperties().stringPropertyNames(), properties::resolveProperty);
            }

            @Override
            public void afterConfigure(BaseMainSupport configured) {
                opened.open(configured.getCamelContext());
                // event notifiers named in config (e.g. routeMetrics for GET /metrics) observe every route
                for (org.apache.camel.spi.EventNotifier notifier
                        : configured.getCamelContext().getRegistry().findByType(org.apache.camel.spi.EventNotifier.class)) {
                    configured.getCamelContext().getManagementStrategy().addEventNotifier(notifier);
                }
                if (SERVE.equals(options.command())) {
                    ServeHttpServer.start(configured.getCamelContext());
                }
            }
        });
        try {
            main.start();
        } catch (Exception | Error e) {
            try {
                main.stop();
            } finally {
                opened.close();
            }
            if (opened.refusal != null) {
                throw opened.refusal;
            }
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof StartRefused refused) {
                    throw new ConfigException(refused.getMessage());
                }
            }
            throw new ConfigException("cannot start: " + rootMessage(e), e);
        }
        return new LongplayRuntime(main, opened);
    }

    /**
     * Opens the catalogue once the configuration is known: its URL must name an engine Longplay supports; the
     * embedded one is this workspace's alone (its lock is taken first); then the catalogue is migrated. A
     * refusal is kept for {@link #start}, which reports it as one line (exit 2).
     */
    private static final class OpenCatalogue {
        private final Path workspace;
        private final String command;
        private WorkspaceLock lock;
        private CatalogDataSource catalog;
        private ConfigException refusal;

        OpenCatalogue(Path workspace, String command) {
            this.workspace = workspace;
            this.command = command;
        }

        void open(CamelContext context) {
            try {
                String url = context.resolvePropertyPlaceholders("{{" + CatalogDataSource.URL_KEY + "}}");
                if (CatalogDataSource.engineOf(url).embedded()) {
                    StringBuilder previous = new StringBuilder();
                    lock = WorkspaceLock.acquire(workspace, command, previous);
                    if (previous.length() > 0) {
                        System.err.println("note: took over the workspace lock left by " + previous + " (that run is gone)");
                    }
                    // a catalogue whose creation a kill interrupted holds nothing and would never open again
                    UnfinishedCatalog.setAside(url);
                }
                DataSource dataSource = catalog(context);
                if (dataSource instanceof CatalogDataSource bean) {
                    catalog = bean;
                    try {
                        bean.open();
                    } catch (java.sql.SQLException e) {
                        throw new IllegalArgumentException(e.getMessage(), e); // unreachable or refused: the settings' fault
                    }
                }
                new CatalogMigrator(dataSource).migrate();
            } catch (WorkspaceLock.BusyException | IllegalArgumentException e) {
                refusal = new ConfigException(e.getMessage());
                throw new IllegalStateException(e.getMessage(), e);
            } catch (Exception e) {
                refusal = new ConfigException("cannot open or migrate the catalogue: " + e.getMessage(), e);
                throw new IllegalStateException(refusal.getMessage(), e);
            }
        }

        void close() throws Exception {
            try {
                if (catalog != null) {
                    catalog.close();
                }
            } finally {
                if (lock != null) {
                    lock.close();
                }
            }
        }
    }

    /** The command that runs as a service: HTTP endpoints and the inbox (routes/serve/), until stopped. */
    public static final String SERVE = "serve";

    private static java.util.Properties readProperties(Path file) throws ConfigException {
        java.util.Properties properties = new java.util.Properties();
        try (java.io.Reader reader = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
            properties.load(reader);
            return properties;
        } catch (java.io.IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /** Sends a request to a route and waits for it; the returned exchange carries body, headers and any exception. */
    public Exchange request(String endpointUri, Map<String, Object> headers) {
        return context().createProducerTemplate().send(endpointUri, ExchangePattern.InOut, exchange -> {
            exchange.getMessage().setHeaders(new LinkedHashMap<>(headers));
        });
    }

    @Override
    public void close() throws Exception {
        try {
            main.stop();
        } finally {
            catalogue.close();
        }
    }

    private static DataSource catalog(CamelContext context) {
        DataSource dataSource = context.getRegistry().lookupByNameAndType(CATALOG_BEAN, DataSource.class);
        if (dataSource == null) {
            throw new IllegalStateException("no DataSource bean named '" + CATALOG_BEAN + "' (camel.beans." + CATALOG_BEAN + " in config)");
        }
        return dataSource;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root.getMessage() + ")";
    }

    /** HSQLDB logs every checkpoint through java.util.logging at INFO; keep stderr for what matters. */
    private static void quietEngineLogs() {
        System.setProperty("hsqldb.reconfig_logging", "false");
        for (java.util.logging.Logger logger : ENGINE_LOGGERS) {
            logger.setLevel(Level.WARNING);
        }
    }

    /** Held strongly: java.util.logging forgets the level of a logger that was garbage-collected. */
    private static final List<java.util.logging.Logger> ENGINE_LOGGERS = List.of(
            java.util.logging.Logger.getLogger("hsqldb"), java.util.logging.Logger.getLogger("hsqldb.db"),
            java.util.logging.Logger.getLogger("org.hsqldb"));

    /** A start refused for a reason its message states in full (a bad setting, a port in use): one line, exit 2. */
    static class StartRefused extends IllegalArgumentException {
        StartRefused(String message) {
            super(message);
        }
    }

    /** Bad configuration: exit 2. */
    public static final class ConfigException extends Exception {
        public ConfigException(String message) {
            super(message);
        }

        public ConfigException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
