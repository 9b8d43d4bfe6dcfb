package org.longplay.camel;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.longplay.export.TrackFilesExport;

/** Route adapter: exports track_files to the SQLite file named by {@code LongplayExportTrackFiles}. */
public class ExportTrackFilesProcessor implements Processor {
    private DataSource dataSource;

    @Override
    public void process(Exchange exchange) throws Exception {
        Path out = Path.of(exchange.getMessage().getHeader(Headers.EXPORT_TRACK_FILES, String.class));
        long rows = TrackFilesExport.write(dataSource, out);
        Reports.add(exchange, "exported " + rows + " track_files rows to " + out + "\n");
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }
}
