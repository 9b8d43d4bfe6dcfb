package org.longplay.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Process step after each round of claims: waits while other workers hold rows that may come back (their
 * worker died), and says in {@code LongplayQueueOpen} whether another round follows; the body stays the claims.
 */
public class NextRoundProcessor implements Processor {
    @Override
    public void process(Exchange exchange) throws Exception {
        exchange.getMessage().setHeader(Headers.QUEUE_OPEN, StartProcessProcessor.run(exchange).anotherRound());
    }
}
