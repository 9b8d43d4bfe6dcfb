package org.longplay.camel;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * Stage reports collected on the exchange, so a route that chains stages (demo, replay, run) hands
 * the CLI every stage's report, not only the last body.
 */
public final class Reports {
    public static final String PROPERTY = "LongplayReports";

    private Reports() {
    }

    /** Makes {@code report} the body and adds it to the exchange's reports. */
    public static void add(Exchange exchange, Object report) {
        exchange.getMessage().setBody(report);
        all(exchange).add(report);
    }

    @SuppressWarnings("unchecked")
    public static List<Object> all(Exchange exchange) {
        List<Object> reports = exchange.getProperty(PROPERTY, List.class);
        if (reports == null) {
            reports = new ArrayList<>();
            exchange.setProperty(PROPERTY, reports);
        }
        return reports;
    }
}
