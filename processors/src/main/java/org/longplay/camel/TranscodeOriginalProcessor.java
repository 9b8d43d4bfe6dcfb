package org.longplay.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.longplay.process.WorkItem;
import org.longplay.process.ProcessingError;

/** Per track planned for re-encoding: transcode to Opus, tag, hash; the body becomes the outcome. */
public class TranscodeOriginalProcessor implements Processor {
    @Override
    public void process(Exchange exchange) throws Exception {
        WorkItem item = ArchiveOriginalProcessor.claim(exchange);
        try {
            exchange.getMessage().setBody(StartProcessProcessor.run(exchange).transcode(item));
        } catch (Error e) {
            throw new ProcessingError(item.trackId(), e); // to the track's error handler, not past it: the run must end
        }
    }
}
