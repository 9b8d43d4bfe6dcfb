package org.longplay.process;

/**
 * A track that cannot be processed because of its input: it gets {@code status} (e.g.
 * {@code error_corrupt_original}) and the reason, and the run goes on with the next track.
 */
public final class TrackFailure extends Exception {
    public static final String NO_ORIGINAL = "error_no_original";
    public static final String CORRUPT_ORIGINAL = "error_corrupt_original";

    private final String status;

    public TrackFailure(String status, String reason) {
        super(reason);
        this.status = status;
    }

    public String status() {
        return status;
    }
}
