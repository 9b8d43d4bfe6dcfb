package org.longplay.camel;

/** Message headers the CLI and the routes exchange. The CLI is only a way to set these and read the body. */
public final class Headers {
    /** Path of the {@code spotify_clean} metadata file to import. */
    public static final String METADATA = "LongplayMetadata";
    /** Path of the optional audio-features file. */
    public static final String AUDIO_FEATURES = "LongplayAudioFeatures";
    /** Fixture case folder to replay. */
    public static final String REPLAY_CASE = "LongplayReplayCase";
    /** Whether replay rewrites the golden files instead of comparing. */
    public static final String REPLAY_UPDATE = "LongplayReplayUpdate";
    /** Fixture generation: output folder, track count, seed. */
    public static final String FIXTURE_OUT = "LongplayFixtureOut";
    public static final String FIXTURE_TRACKS = "LongplayFixtureTracks";
    public static final String FIXTURE_SEED = "LongplayFixtureSeed";
    /** Fixture generation: seconds of audio per original (0: metadata only) and distinct clips (0: one per track). */
    public static final String FIXTURE_AUDIO_SECONDS = "LongplayFixtureAudioSeconds";
    public static final String FIXTURE_AUDIO_VARIANTS = "LongplayFixtureAudioVariants";
    /** Share of generated tracks at popularity 0 (a double, 0 to 0.8). */
    public static final String FIXTURE_ZERO_POPULARITY_SHARE = "LongplayFixtureZeroPopularityShare";
    /** Planning: tally without writing. */
    public static final String DRY_RUN = "LongplayDryRun";
    /** Process: true when this worker prepares the queue (no other worker is alive), false when it joins it. */
    public static final String PREPARE_QUEUE = "LongplayPrepareQueue";
    /** Process: whether another round of claims follows (rows other workers held came back). */
    public static final String QUEUE_OPEN = "LongplayQueueOpen";
    /** Planning: explain the plan of this track id instead of planning. */
    public static final String EXPLAIN = "LongplayExplain";
    /** Export: the SQLite file to write track_files to. */
    public static final String EXPORT_TRACK_FILES = "LongplayExportTrackFiles";
    /** Process: the folder tree of originals, and the optional covers folder. */
    public static final String ORIGINALS = "LongplayOriginals";
    public static final String COVERS = "LongplayCovers";
    /** Release: the stage id to release, or "next"; verify: the stage to verify (all released ones when absent). */
    public static final String STAGE = "LongplayStage";
    /** Verify: rebuild every original from its patch instead of a sample. */
    public static final String VERIFY_ALL = "LongplayVerifyAll";
    /** Process: a fixed processing time (ISO-8601 instant) instead of the clock; replay sets it. */
    public static final String PROCESSED_AT = "LongplayProcessedAt";
    /** Release: set by the release step, true when it released a stage. */
    public static final String RELEASED = "LongplayReleased";
    /** Set by the routes' error handling: 1 when items failed, 2 on bad usage, input or config. */
    public static final String EXIT_CODE = "LongplayExitCode";

    private Headers() {
    }
}
