package org.longplay.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Process step: fills or joins the work queue; the body becomes the claims, in work order, for the splitter. */
public class QueueWorkProcessor implements Processor {
    @Override
    public void process(Exchange exchange) throws Exception {
        exchange.getMessage().setBody(StartProcessProcessor.run(exchange).queueWork());
        exchange.getMessage().setHeader(Headers.QUEUE_OPEN, true);
    }
}
