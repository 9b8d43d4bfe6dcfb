package org.longplay.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.longplay.process.WorkItem;

/** Per track: tag the original, write the patch, hash; the body becomes the outcome (the work item stays a header). */
public class ArchiveOriginalProcessor implements Processor {
    public static final String WORK_ITEM = "LongplayWorkItem";

    @Override
    public void process(Exchange exchange) throws Exception {
        WorkItem item = exchange.getMessage().getMandatoryBody(WorkItem.class);
        exchange.setProperty(WORK_ITEM, item);
        exchange.getMessage().setBody(StartProcessProcessor.run(exchange).archive(item));
    }
}
