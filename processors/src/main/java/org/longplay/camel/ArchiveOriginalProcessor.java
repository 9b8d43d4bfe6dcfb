package org.longplay.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.longplay.process.ProcessingError;
import org.longplay.process.WorkItem;

/** Per track: tag the original, write the patch, hash; the body becomes the outcome (the work item stays a header). */
public class ArchiveOriginalProcessor implements Processor {
    public static final String WORK_ITEM = "LongplayWorkItem";

    /** The track of this exchange, kept as a property for the error handler once the body becomes the outcome. */
    static WorkItem claim(Exchange exchange) throws Exception {
        WorkItem item = exchange.getMessage().getMandatoryBody(WorkItem.class);
        exchange.setProperty(WORK_ITEM, item);
        return item;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        WorkItem item = claim(exchange);
        try {
            exchange.getMessage().setBody(StartProcessProcessor.run(exchange).archive(item));
        } catch (Error e) {
            throw new ProcessingError(item.trackId(), e); // to the track's error handler, not past it: the run must end
        }
    }
}
