package org.longplay.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.longplay.release.RunSummary;

import javax.sql.DataSource;

/** Route adapter: the closing {@link RunSummary} of {@code run} and {@code demo}, with the stage times the route recorded. */
public class RunSummaryProcessor implements Processor {
    private DataSource dataSource;
    private ReleaseConfig releaseConfig;

    @Override
    public void process(Exchange exchange) throws Exception {
        Reports.add(exchange, RunSummary.read(dataSource, releaseConfig.settings(null).plan(), StageClock.times(exchange)));
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void setReleaseConfig(ReleaseConfig releaseConfig) {
        this.releaseConfig = releaseConfig;
    }
}
