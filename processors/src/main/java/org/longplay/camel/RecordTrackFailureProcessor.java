package org.longplay.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.longplay.process.WorkItem;

/** Per track, from the error handler: records why the track failed; the run goes on. */
public class RecordTrackFailureProcessor implements Processor {
    @Override
    public void process(Exchange exchange) throws Exception {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        WorkItem item = exchange.getProperty(ArchiveOriginalProcessor.WORK_ITEM, WorkItem.class);
        if (item == null) {
            item = exchange.getMessage().getBody(WorkItem.class);
        }
        StartProcessProcessor.run(exchange).recordFailure(item, failure);
    }
}
