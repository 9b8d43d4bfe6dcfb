package org.longplay.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Process step: Checks that finished tracks still have their files with the recorded hash. */
public class CheckFinishedProcessor implements Processor {
    @Override
    public void process(Exchange exchange) throws Exception {
        StartProcessProcessor.run(exchange).checkFinished();
    }
}
