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

    /**
     * What a request sent to a route came to: its exit code (the route's header, at least 1 when it failed),
     * and as text the error that stopped it, its reports, and a last line {@code exit code N} when N is not 0.
     */
    public record Outcome(int exitCode, String text) {
    }

    /** The {@link Outcome} of {@code done}, a request that has run; its error whether the route handled it or not. */
    public static Outcome outcome(Exchange done) {
        Integer exit = done.getMessage().getHeader(Headers.EXIT_CODE, Integer.class);
        int code = exit == null ? 0 : exit;
        StringBuilder text = new StringBuilder();
        Exception failure = failure(done);
        if (failure != null) {
            text.append("error: ").append(failure.getMessage()).append('\n');
            code = Math.max(code, 1);
        }
        for (Object r : all(done)) {
            text.append(r instanceof org.longplay.common.Report report ? report.render() : String.valueOf(r));
        }
        if (code != 0) {
            text.append("exit code ").append(code).append('\n');
        }
        return new Outcome(code, text.toString());
    }

    /** The exception that ended {@code done}: thrown out of it, or caught and handled by its route's error handling. */
    public static Exception failure(Exchange done) {
        return done.getException() != null ? done.getException() : done.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
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
