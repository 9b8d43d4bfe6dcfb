package org.longplay.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** {@code process --dry-run}: what a run would process and write, and whether the disk can take it. */
public class SurveyProcessProcessor implements Processor {
    private int originalKbit = 160;

    @Override
    public void process(Exchange exchange) throws Exception {
        Reports.add(exchange, StartProcessProcessor.run(exchange).survey(originalKbit));
    }

    /** Assumed bitrate of the originals, for the expected size of the files kept (longplay.plan.original-kbit). */
    public void setOriginalKbit(int originalKbit) {
        this.originalKbit = originalKbit;
    }
}
