package org.longplay.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Process step: shares the catalogue with the other workers and decides, under the queue lock, whether this
 * worker prepares the queue (no other worker alive: header {@code LongplayPrepareQueue} true) or joins it.
 */
public class JoinOrPrepareProcessor implements Processor {
    @Override
    public void process(Exchange exchange) throws Exception {
        exchange.getMessage().setHeader(Headers.PREPARE_QUEUE, StartProcessProcessor.run(exchange).begin());
    }
}
