package org.longplay.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.longplay.process.TrackOutcome;

/** Per track: records the success in the catalogue, after the files are in place. */
public class RecordOutcomeProcessor implements Processor {
    @Override
    public void process(Exchange exchange) throws Exception {
        StartProcessProcessor.run(exchange).recordSuccess(exchange.getMessage().getMandatoryBody(TrackOutcome.class));
    }
}
