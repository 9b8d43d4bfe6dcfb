package org.longplay.launcher;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.spi.PropertiesComponent;
import org.longplay.release.JsonText;
import org.longplay.serve.ServeGuard;
import org.longplay.serve.ServeToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of {@code longplay serve}: camel's embedded Vert.x server (the router the platform-http
 * routes of routes/serve/ attach to), started the way a service on an operator's box must start:
 * <ul>
 * <li>it listens before the command says it serves, and a port in use stops the start (camel's own server
 * logs the failure on an event-loop thread and goes on as if it served);</li>
 * <li>every request passes {@link ServeGuard} first (Host, Origin, the token for changes), and the token
 * goes no further than that check;</li>
 * <li>connections idle for {@code longplay.serve.idle-timeout} seconds are closed, and beyond
 * {@code longplay.serve.max-connections} open ones a new connection is closed at once, so idle
 * connections cannot use up the process's file descriptors.</li>
 * </ul>
 */
final class ServeHttpServer extends VertxPlatformHttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(ServeHttpServer.class);
    /** At most one line a period about refused requests and connections, however many there are. */
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final VertxPlatformHttpServerConfiguration configuration;
    private final ServeGuard guard;
    private final int idleTimeoutSeconds;
    private final int maxConnections;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong refusedSinceWarning = new AtomicLong();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private HttpServer server;

    private ServeHttpServer(VertxPlatformHttpServerConfiguration configuration, ServeGuard guard, int idleTimeoutSeconds, int maxConnections) {
        super(configuration);
        this.configuration = configuration;
        this.guard = guard;
        this.idleTimeoutSeconds = idleTimeoutSeconds;
        this.maxConnections = maxConnections;
    }

    /**
     * Starts the server on the {@code longplay.serve.*} settings (checked already by {@link SettingRules}); the
     * token file is read, or made on the first start. A failure is a {@link LongplayRuntime.StartRefused}.
     */
    static void start(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        VertxPlatformHttpServerConfiguration http = new VertxPlatformHttpServerConfiguration();
        http.setBindHost(setting(properties, "longplay.serve.host"));
        http.setBindPort(Integer.parseInt(setting(properties, "longplay.serve.port")));
        Path tokenFile = Path.of(setting(properties, "longplay.serve.token-file"));
        String token;
        try {
            token = ServeToken.loadOrCreate(tokenFile);
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new LongplayRuntime.StartRefused(e instanceof IllegalArgumentException ? e.getMessage()
                    : "serve: cannot read or make the token file " + tokenFile + ": " + e.getMessage());
        }
        List<String> allowedHosts = Arrays.stream(setting(properties, "longplay.serve.allowed-hosts").split(","))
                .map(String::strip).filter(h -> !h.isEmpty()).toList();
        ServeHttpServer server = new ServeHttpServer(http, new ServeGuard(http.getBindHost(), allowedHosts, token),
                Integer.parseInt(setting(properties, "longplay.serve.idle-timeout")),
                Integer.parseInt(setting(properties, "longplay.serve.max-connections")));
        try {
            // started here, not with the context: a refusal (a port in use) then stops the start as one line
            server.setCamelContext(context);
            org.apache.camel.support.service.ServiceHelper.startService(server);
            context.addService(server, true, false);
        } catch (LongplayRuntime.StartRefused e) {
            org.apache.camel.support.service.ServiceHelper.stopService(server); // its Vert.x threads
            throw e;
        } catch (Exception e) {
            org.apache.camel.support.service.ServiceHelper.stopService(server);
            throw new LongplayRuntime.StartRefused("cannot serve on " + http.getBindHost() + ":" + http.getBindPort() + ": "
                    + LongplayRuntime.rootMessage(e));
        }
    }

    private static String setting(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).orElse("").strip();
    }

    @Override
    protected void startServer() throws Exception {
        // the router camel's platform-http consumers add their routes to, made by initializeServer()
        Router router = VertxPlatformHttpRouter.lookup(getCamelContext(), VertxPlatformHttpRouter.getRouterNameFromPort(configuration.getPort()));
        router.route().order(Integer.MIN_VALUE).handler(this::admit);
        HttpServerOptions options = new HttpServerOptions()
                .setIdleTimeout(idleTimeoutSeconds).setIdleTimeoutUnit(TimeUnit.SECONDS);
        server = getVertx().createHttpServer(options).connectionHandler(this::counted).requestHandler(router);
        try {
            server.listen(configuration.getBindPort(), configuration.getBindHost()).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            String why = e.getCause() instanceof java.net.BindException ? "the address is in use (another service? longplay.serve.port)"
                    : String.valueOf(e.getCause().getMessage());
            throw new LongplayRuntime.StartRefused("cannot serve on " + configuration.getBindHost() + ":" + configuration.getBindPort()
                    + ": " + why);
        } catch (TimeoutException e) {
            throw new LongplayRuntime.StartRefused("cannot serve on " + configuration.getBindHost() + ":" + configuration.getBindPort()
                    + ": listening did not start within 30 s");
        }
        LOG.info("serving HTTP on {}:{} (idle connections closed after {} s, at most {} open)", configuration.getBindHost(),
                configuration.getBindPort(), idleTimeoutSeconds, maxConnections);
    }

    /** The server listening (camel's platform-http engine finds the port its routes attach to from it). */
    @Override
    public HttpServer getServer() {
        return server;
    }

    @Override
    protected void stopServer() {
        if (server != null) {
            try {
                server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("HTTP server did not close cleanly: {}", e.getMessage());
            } finally {
                server = null;
            }
        }
    }

    /** Closes the Vert.x instance made for this server (not one found in the registry), with its event-loop threads. */
    @Override
    protected void stopVertx() {
        io.vertx.core.Vertx vertx = getVertx();
        if (vertx != null && lookupVertx() == null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("Vert.x did not close cleanly: {}", e.getMessage());
            }
        }
    }

    /** Every connection is counted while open; one beyond the cap is closed at once. */
    private void counted(HttpConnection connection) {
        connection.closeHandler(closed -> open.decrementAndGet());
        if (open.incrementAndGet() > maxConnections) {
            refused("a connection beyond longplay.serve.max-connections (" + maxConnections + ")");
            connection.close();
        }
    }

    /** The guard's verdict; a refused request is answered here, an admitted one goes on without its token. */
    private void admit(RoutingContext ctx) {
        var request = ctx.request();
        // HTTP/1.1's Host header (HTTP/2's :authority); Vert.x takes it out of the headers
        io.vertx.core.net.HostAndPort authority = request.authority();
        String host = authority == null ? null : authority.port() < 0 ? authority.host() : authority.host() + ":" + authority.port();
        ServeGuard.Refusal refusal = guard.check(request.method().name(), host, request.getHeader("Origin"),
                request.getHeader("Authorization"));
        if (refusal == null) {
            request.headers().remove("Authorization");
            ctx.next();
            return;
        }
        refused(refusal.status() + " " + request.method().name() + ": " + refusal.reason());
        var response = ctx.response().setStatusCode(refusal.status()).putHeader("Content-Type", "application/json");
        if (refusal.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer realm=\"longplay\"");
        }
        response.end(JsonText.object(java.util.Map.of("error", refusal.reason())) + "\n");
    }

    /** Logs a refusal, and how many there were since the last line, at most once a period. */
    private void refused(String what) {
        long count = refusedSinceWarning.incrementAndGet();
        long last = lastWarning.get();
        long now = System.nanoTime();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            refusedSinceWarning.addAndGet(-count);
            LOG.warn("serve refused {} request(s) or connection(s) in the last {} s; the latest: {}", count,
                    TimeUnit.NANOSECONDS.toSeconds(WARN_EVERY_NANOS), what);
        }
    }
}
