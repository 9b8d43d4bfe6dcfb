package org.longplay.camel;

import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.longplay.process.WorkersReport;
import org.longplay.catalog.CatalogStatus;
import org.longplay.release.ReleaseStatus;
import org.longplay.release.Releaser;

/** Route adapter: reports the catalog's {@link CatalogStatus} and, with a release config, each release stage. */
public class CatalogStatusProcessor implements Processor {
    private DataSource dataSource;
    private ReleaseConfig releaseConfig;

    @Override
    public void process(Exchange exchange) throws Exception {
        Reports.add(exchange, CatalogStatus.read(dataSource));
        Reports.add(exchange, WorkersReport.read(dataSource));
        if (releaseConfig != null) {
            Reports.add(exchange, new ReleaseStatus(new Releaser(releaseConfig.settings(null), dataSource).status()));
        }
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void setReleaseConfig(ReleaseConfig releaseConfig) {
        this.releaseConfig = releaseConfig;
    }
}
