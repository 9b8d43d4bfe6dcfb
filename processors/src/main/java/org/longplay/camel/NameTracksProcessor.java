package org.longplay.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Process step: Reserves archive file names for new tracks, in rowid order. */
public class NameTracksProcessor implements Processor {
    @Override
    public void process(Exchange exchange) throws Exception {
        StartProcessProcessor.run(exchange).nameTracks();
    }
}
