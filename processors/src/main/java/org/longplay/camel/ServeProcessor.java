package org.longplay.camel;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.longplay.release.Stage;

import javax.sql.DataSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The HTTP side of {@code longplay serve} (routes/serve/http.yaml): status, release triggers (one at a
 * time, run in the background), health and per-route metrics. Each method answers one endpoint and
 * sets the HTTP status and content type itself.
 */
public class ServeProcessor {
    private DataSource dataSource;
    private ReleaseConfig releaseConfig;
    private RouteMetrics routeMetrics;
    private final AtomicReference<String> releaseRunning = new AtomicReference<>();
    private final ExecutorService releases = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "serve-release");
        t.setDaemon(true);
        return t;
    });
    private volatile String lastRelease;

    /** {@code GET /status}. */
    public void status(Exchange exchange) throws Exception {
        json(exchange, 200, ServeStatus.json(dataSource, releaseConfig, releaseRunning.get()));
    }

    /**
     * {@code POST /releases/{stage}}: 202 and the release runs in the background; 409 while one runs. A stage id
     * that cannot be one (400) or is not in the plan (404) is answered before anything runs, without its bytes.
     */
    public void release(Exchange exchange) {
        String stage = exchange.getMessage().getHeader("stage", String.class);
        if (stage == null || !(ReleaseStageProcessor.NEXT.equals(stage) || Stage.ID.matcher(stage).matches())) {
            json(exchange, 400, "{\"error\":\"not a stage id: POST /releases/{stage|next}, a stage id being letters, digits, '.', '_' or '-'\"}\n");
            return;
        }
        if (!ReleaseStageProcessor.NEXT.equals(stage) && releaseConfig.settings(null).plan().stage(stage).isEmpty()) {
            json(exchange, 404, "{\"error\":\"no such stage in the release plan: GET /status lists the stages\"}\n");
            return;
        }
        if (!releaseRunning.compareAndSet(null, stage)) {
            json(exchange, 409, "{\"error\":\"a release is running\",\"stage\":\"" + releaseRunning.get().replace("\"", "") + "\"}\n");
            return;
        }
        ProducerTemplate template = exchange.getContext().createProducerTemplate();
        releases.submit(() -> {
            try {
                Exchange done = template.send("direct:release", e -> {
                    e.getMessage().setHeader(Headers.STAGE, stage);
                    e.getMessage().setHeader(Headers.DRY_RUN, false);
                });
                lastRelease = Reports.outcome(done).text();
            } finally {
                releaseRunning.set(null);
                try {
                    template.close();
                } catch (Exception ignored) {
                    // nothing to release
                }
            }
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accepted", stage);
        body.put("watch", "GET /status (release_running), GET /releases/last");
        json(exchange, 202, org.longplay.release.JsonText.object(body) + "\n");
    }

    /** {@code GET /releases/last}: the report of the last release triggered here. */
    public void lastRelease(Exchange exchange) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, lastRelease == null ? 404 : 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getMessage().setBody(lastRelease == null ? "no release was triggered here yet\n" : lastRelease);
    }

    /** {@code GET /health}: UP when the context runs and the catalogue answers. */
    public void health(Exchange exchange) {
        boolean catalog;
        try (var c = dataSource.getConnection()) {
            catalog = c.isValid(5);
        } catch (Exception e) {
            catalog = false;
        }
        boolean up = catalog && exchange.getContext().getStatus().isStarted();
        json(exchange, up ? 200 : 503, "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"catalog\":" + catalog
                + ",\"camel\":\"" + exchange.getContext().getStatus() + "\"}\n");
    }

    /** {@code GET /metrics}: per route, exchanges completed and failed, mean and max milliseconds. */
    public void metrics(Exchange exchange) {
        json(exchange, 200, routeMetrics.json());
    }

    private static void json(Exchange exchange, int status, String body) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(body);
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void setReleaseConfig(ReleaseConfig releaseConfig) {
        this.releaseConfig = releaseConfig;
    }

    public void setRouteMetrics(RouteMetrics routeMetrics) {
        this.routeMetrics = routeMetrics;
    }
}
