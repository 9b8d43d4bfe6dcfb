package org.longplay.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Process step: refuses the run (exit 1, the figures reported, nothing processed) when the workspace's
 * free space is below what the queued tracks will write. Off with {@code longplay.process.check-free-space=false}.
 */
public class CheckFreeSpaceProcessor implements Processor {
    @Override
    public void process(Exchange exchange) throws Exception {
        String shortfall = StartProcessProcessor.run(exchange).freeSpaceShortfall();
        if (shortfall != null) {
            Reports.add(exchange, "process: " + shortfall + "\n");
            exchange.getMessage().setHeader(Headers.EXIT_CODE, 1);
        }
    }
}
