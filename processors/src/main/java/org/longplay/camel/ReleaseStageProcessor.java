package org.longplay.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.longplay.release.ReleaseReport;
import org.longplay.release.Releaser;

import javax.sql.DataSource;
import java.nio.file.Path;

/**
 * Route adapter: releases the stage named by {@code LongplayStage} ({@code next} for the next ready one);
 * with {@code dryRun} set (the survey bean), only reports what it would write.
 */
public class ReleaseStageProcessor implements Processor {
    /** The stage-id value that means "the next ready stage". */
    public static final String NEXT = "next";

    private DataSource dataSource;
    private ReleaseConfig config;
    private boolean dryRun;

    @Override
    public void process(Exchange exchange) throws Exception {
        String stage = exchange.getMessage().getHeader(Headers.STAGE, NEXT, String.class);
        String covers = exchange.getMessage().getHeader(Headers.COVERS, String.class);
        Releaser releaser = new Releaser(config.settings(covers == null ? null : Path.of(covers)), dataSource);
        ReleaseReport report = NEXT.equals(stage) ? releaser.releaseNext(dryRun) : releaser.release(stage, dryRun);
        Reports.add(exchange, report);
        exchange.getMessage().setHeader(Headers.EXIT_CODE, report.exitCode());
        exchange.getMessage().setHeader(Headers.RELEASED, report.released());
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void setConfig(ReleaseConfig config) {
        this.config = config;
    }

    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }
}
