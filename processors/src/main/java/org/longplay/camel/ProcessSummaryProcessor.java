package org.longplay.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.longplay.process.ProcessReport;

/** Last process step: the summary report; exit code 1 when any track failed. */
public class ProcessSummaryProcessor implements Processor {
    @Override
    public void process(Exchange exchange) throws Exception {
        ProcessReport report = StartProcessProcessor.run(exchange).finish();
        Reports.add(exchange, report);
        if (report.failures() > 0 || !report.catalogueSaved() || report.stoppedShort()) {
            exchange.getMessage().setHeader(Headers.EXIT_CODE, 1);
        }
    }
}
