package org.longplay.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.longplay.release.ReleaseVerifier;

import javax.sql.DataSource;

/** Route adapter: verifies the stage named by {@code LongplayStage} (all released ones when absent); exit 1 on any mismatch. */
public class VerifyReleaseProcessor implements Processor {
    private DataSource dataSource;
    private ReleaseConfig config;

    @Override
    public void process(Exchange exchange) throws Exception {
        String stage = exchange.getMessage().getHeader(Headers.STAGE, String.class);
        boolean all = exchange.getMessage().getHeader(Headers.VERIFY_ALL, false, Boolean.class);
        ReleaseVerifier.Outcome outcome = new ReleaseVerifier(config.settings(null), dataSource).verify(stage, all);
        Reports.add(exchange, outcome);
        exchange.getMessage().setHeader(Headers.EXIT_CODE, outcome.ok() ? 0 : 1);
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void setConfig(ReleaseConfig config) {
        this.config = config;
    }
}
