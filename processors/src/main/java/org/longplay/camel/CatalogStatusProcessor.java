package org.longplay.camel;

import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.longplay.catalog.CatalogStatus;

/** Route adapter: leaves the catalog's {@link CatalogStatus} as the body. */
public class CatalogStatusProcessor implements Processor {
    private DataSource dataSource;

    @Override
    public void process(Exchange exchange) throws Exception {
        Reports.add(exchange, CatalogStatus.read(dataSource));
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }
}
