package org.longplay.camel;

import org.apache.camel.Exchange;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Times the stages of a multi-stage route (run, demo): {@code bean:stageClock?method=lap('import')} after
 * a stage records the seconds since the previous lap (or since the request began) under that name.
 */
public class StageClock {
    public static final String PROPERTY = "LongplayStageTimes";
    private static final String LAST = "LongplayStageClockLast";

    public void lap(String stage, Exchange exchange) {
        long now = System.nanoTime();
        Long last = exchange.getProperty(LAST, Long.class);
        long since = last != null ? last : now - (System.currentTimeMillis() - exchange.getClock().getCreated()) * 1_000_000L;
        times(exchange).merge(stage, (now - since) / 1e9, Double::sum);
        exchange.setProperty(LAST, now);
    }

    /** Stage name → seconds, in the order the stages ran. */
    @SuppressWarnings("unchecked")
    public static Map<String, Double> times(Exchange exchange) {
        Map<String, Double> times = exchange.getProperty(PROPERTY, Map.class);
        if (times == null) {
            times = new LinkedHashMap<>();
            exchange.setProperty(PROPERTY, times);
        }
        return times;
    }
}
