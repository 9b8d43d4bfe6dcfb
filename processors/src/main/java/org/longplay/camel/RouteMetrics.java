package org.longplay.camel;

import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.longplay.release.JsonText;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts, per route, the exchanges that completed and failed (an error, handled or not, or a non-zero exit
 * code) and how long they took: the {@code /metrics}
 * of {@code longplay serve}, without JMX. Registered as an event notifier bean.
 */
public class RouteMetrics extends EventNotifierSupport {
    private static final class Counts {
        final LongAdder completed = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder totalMillis = new LongAdder();
        volatile long maxMillis;
    }

    private final Map<String, Counts> routes = new ConcurrentHashMap<>();

    public RouteMetrics() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public void notify(CamelEvent event) {
        if (!(event instanceof CamelEvent.ExchangeCompletedEvent) && !(event instanceof CamelEvent.ExchangeFailedEvent)) {
            return;
        }
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        String route = exchange.getFromRouteId();
        if (route == null) {
            return;
        }
        Counts counts = routes.computeIfAbsent(route, r -> new Counts());
        long millis = Math.max(0, System.currentTimeMillis() - exchange.getClock().getCreated());
        // a failure the route's error handling took care of (exit code set, exception caught) is a failure all the same
        if (event instanceof CamelEvent.ExchangeFailedEvent || exchange.isFailed() || Reports.failure(exchange) != null
                || exchange.getMessage().getHeader(Headers.EXIT_CODE, 0, Integer.class) != 0) {
            counts.failed.increment();
        } else {
            counts.completed.increment();
        }
        counts.totalMillis.add(millis);
        if (millis > counts.maxMillis) {
            counts.maxMillis = millis;
        }
    }

    String json() {
        StringBuilder out = new StringBuilder("{\"routes\":{");
        boolean first = true;
        for (Map.Entry<String, Counts> e : new TreeMap<>(routes).entrySet()) {
            Counts c = e.getValue();
            long n = c.completed.sum() + c.failed.sum();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("completed", c.completed.sum());
            row.put("failed", c.failed.sum());
            row.put("mean_ms", n == 0 ? 0.0 : c.totalMillis.sum() / (double) n);
            row.put("max_ms", c.maxMillis);
            out.append(first ? "" : ",");
            first = false;
            JsonText.appendString(out, e.getKey());
            out.append(':');
            JsonText.appendObject(out, row);
        }
        return out.append("}}\n").toString();
    }
}
