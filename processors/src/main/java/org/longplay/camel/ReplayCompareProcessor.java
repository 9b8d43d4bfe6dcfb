package org.longplay.camel;

import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.longplay.replay.ArchiveDump;
import org.longplay.replay.CatalogDump;
import org.longplay.replay.GoldenFiles;
import org.longplay.replay.ReplayCase;

/**
 * Route adapter: dumps the replayed catalog and compares it with the case's golden files (or
 * rewrites them with {@code update}). The body becomes the report; differences set exit code 1.
 */
public class ReplayCompareProcessor implements Processor {
    private DataSource dataSource;
    private String outputDir;
    private String workspace;

    @Override
    public void process(Exchange exchange) throws Exception {
        ReplayCase replayCase = new ReplayCase(Path.of(exchange.getMessage().getHeader(Headers.REPLAY_CASE, String.class)));
        boolean update = exchange.getMessage().getHeader(Headers.REPLAY_UPDATE, false, Boolean.class);
        Path actual = Path.of(outputDir);
        CatalogDump.write(dataSource, actual);
        if (exchange.getMessage().getHeader(Headers.ORIGINALS) != null) {
            Path workspaceRoot = Path.of(workspace);
            ArchiveDump.write(workspaceRoot.resolve("archive"), workspaceRoot.resolve("patches"), actual);
            ArchiveDump.writeReleases(workspaceRoot.resolve("releases").resolve("torrents.json"), actual);
        }
        if (update) {
            GoldenFiles.update(replayCase.expectedDir(), actual);
            Reports.add(exchange, "replay " + replayCase.dir() + ": golden files updated in " + replayCase.expectedDir() + "\n");
            return;
        }
        List<String> differences = GoldenFiles.compare(replayCase.expectedDir(), actual);
        if (differences.isEmpty()) {
            Reports.add(exchange, "replay " + replayCase.dir() + ": outputs match expected/\n");
        } else {
            exchange.getMessage().setHeader(Headers.EXIT_CODE, 1);
            Reports.add(exchange, "replay " + replayCase.dir() + ": " + differences.size() + " file(s) differ from expected/\n"
                    + String.join("\n", differences) + "\n");
        }
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void setWorkspace(String workspace) {
        this.workspace = workspace;
    }

    public void setOutputDir(String outputDir) {
        this.outputDir = outputDir;
    }
}
