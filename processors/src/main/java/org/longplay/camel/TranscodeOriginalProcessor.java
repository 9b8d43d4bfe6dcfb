package org.longplay.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Per track planned for re-encoding: transcode to Opus, tag, hash; the body becomes the outcome. */
public class TranscodeOriginalProcessor implements Processor {
    @Override
    public void process(Exchange exchange) throws Exception {
        exchange.getMessage().setBody(StartProcessProcessor.run(exchange).transcode(ArchiveOriginalProcessor.claim(exchange)));
    }
}
