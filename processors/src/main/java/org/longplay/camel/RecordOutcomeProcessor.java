package org.longplay.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.longplay.process.TrackOutcome;
import org.longplay.process.WorkItem;

/** Per track: records the success in the catalogue, after the files are in place. */
public class RecordOutcomeProcessor implements Processor {
    @Override
    public void process(Exchange exchange) throws Exception {
        StartProcessProcessor.run(exchange).recordSuccess(exchange.getProperty(ArchiveOriginalProcessor.WORK_ITEM, WorkItem.class),
                exchange.getMessage().getMandatoryBody(TrackOutcome.class));
    }
}
