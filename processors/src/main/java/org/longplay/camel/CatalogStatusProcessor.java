package org.longplay.camel;

import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.longplay.process.WorkersReport;
import org.longplay.catalog.CatalogDataSource;
import org.longplay.catalog.CatalogDialect;
import org.longplay.catalog.CatalogStatus;
import org.longplay.release.ReleaseStatus;
import org.longplay.release.Releaser;

/** Route adapter: reports the catalog's {@link CatalogStatus} and, with a release config, each release stage. */
public class CatalogStatusProcessor implements Processor {
    private DataSource dataSource;
    private ReleaseConfig releaseConfig;

    /**
     * The reports, read without waiting for another command's locks (a table being loaded is shown busy, a part that
     * cannot be read says so): status answers at once whatever else runs on a shared catalogue.
     */
    @Override
    public void process(Exchange exchange) throws Exception {
        DataSource reading = dataSource instanceof CatalogDataSource catalogue ? catalogue.impatient() : dataSource;
        CatalogDialect dialect = CatalogDialect.of(dataSource);
        Reports.add(exchange, CatalogStatus.read(reading));
        try {
            Reports.add(exchange, WorkersReport.read(reading));
            if (releaseConfig != null) {
                Reports.add(exchange, new ReleaseStatus(new Releaser(releaseConfig.settings(null), reading).status()));
            }
        } catch (java.sql.SQLException e) {
            if (!dialect.lockNotAvailable(e)) {
                throw e;
            }
            Reports.add(exchange, (org.longplay.common.Report) () -> "workers and release stages: busy (another command is writing the"
                    + " catalogue; ask again when it is done)\n");
        }
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void setReleaseConfig(ReleaseConfig releaseConfig) {
        this.releaseConfig = releaseConfig;
    }
}
