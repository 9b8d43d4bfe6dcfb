package org.longplay.plan;

/**
 * The tunables of planning, from config; refused, naming the property, when planning could not use them.
 *
 * @param priorityThreshold popularity-0 tracks below this secondary priority are skipped (0.351)
 * @param reencodeKbit      Opus bitrate for popularity-0 tracks (75)
 * @param originalKbit      assumed bitrate of the originals as held, for the dry run's byte estimate (160)
 * @param batchSize         tracks per SQL batch
 */
public record PlanSettings(double priorityThreshold, int reencodeKbit, int originalKbit, int batchSize) {

    public PlanSettings {
        if (!Double.isFinite(priorityThreshold)) {
            throw new IllegalArgumentException("longplay.plan.priority-threshold must be a number, not " + priorityThreshold);
        }
        if (reencodeKbit <= 0) {
            throw new IllegalArgumentException("longplay.plan.reencode-kbit must be a positive bitrate in kbit/s, not " + reencodeKbit);
        }
        if (originalKbit <= 0) {
            throw new IllegalArgumentException("longplay.plan.original-kbit must be a positive bitrate in kbit/s, not " + originalKbit);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("longplay.plan.batch-size must be at least 1 track, not " + batchSize);
        }
    }
}
