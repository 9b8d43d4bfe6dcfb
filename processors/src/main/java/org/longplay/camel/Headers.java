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
    /** Set by the routes' error handling: 1 when items failed, 2 on bad usage, input or config. */
    public static final String EXIT_CODE = "LongplayExitCode";

    private Headers() {
    }
}
