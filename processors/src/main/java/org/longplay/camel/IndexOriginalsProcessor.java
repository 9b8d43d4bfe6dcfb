package org.longplay.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Process step: Finds the originals (walks --originals into the catalogue). */
public class IndexOriginalsProcessor implements Processor {
    @Override
    public void process(Exchange exchange) throws Exception {
        StartProcessProcessor.run(exchange).indexOriginals();
    }
}
