package org.longplay.plan;

/**
 * The tunables of planning, from config.
 *
 * @param priorityThreshold popularity-0 tracks below this secondary priority are skipped (0.351)
 * @param reencodeKbit      Opus bitrate for popularity-0 tracks (75)
 * @param originalKbit      assumed bitrate of the originals as held, for the dry run's byte estimate (160)
 * @param batchSize         tracks per SQL batch
 */
public record PlanSettings(double priorityThreshold, int reencodeKbit, int originalKbit, int batchSize) {
}
