package org.longplay.camel;

import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.longplay.plan.PlanExplainer;
import org.longplay.plan.PlanSettings;
import org.longplay.plan.Planner;

/**
 * Route adapter for planning: plans (or, with {@code LongplayPlanDryRun}, tallies without writing),
 * or explains one track ({@code LongplayExplain}). Settings come from config.
 */
public class PlanProcessor implements Processor {
    private DataSource dataSource;
    private double priorityThreshold = 0.351;
    private int reencodeKbit = 75;
    private int originalKbit = 160;
    private int batchSize = 50_000;

    @Override
    public void process(Exchange exchange) throws Exception {
        PlanSettings settings = new PlanSettings(priorityThreshold, reencodeKbit, originalKbit, batchSize);
        String explain = exchange.getMessage().getHeader(Headers.EXPLAIN, String.class);
        if (explain != null) {
            Reports.add(exchange, new PlanExplainer(dataSource, settings).explain(explain));
            return;
        }
        boolean dryRun = exchange.getMessage().getHeader(Headers.DRY_RUN, false, Boolean.class);
        Reports.add(exchange, new Planner(dataSource, settings).plan(dryRun));
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void setPriorityThreshold(double priorityThreshold) {
        this.priorityThreshold = priorityThreshold;
    }

    public void setReencodeKbit(int reencodeKbit) {
        this.reencodeKbit = reencodeKbit;
    }

    public void setOriginalKbit(int originalKbit) {
        this.originalKbit = originalKbit;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }
}
