package org.longplay.process;

/**
 * A track that cannot be processed because of its input: it gets {@code status} (e.g.
 * {@code error_corrupt_original}) and the reason, and the run goes on with the next track.
 */
public final class TrackFailure extends Exception {
    public static final String NO_ORIGINAL = "error_no_original";
    public static final String CORRUPT_ORIGINAL = "error_corrupt_original";

    private final String status;
    private final boolean diskSuspect;

    public TrackFailure(String status, String reason) {
        this(status, reason, false);
    }

    /**
     * {@code diskSuspect}: the failure may say more about the disk than about this input (a file the index found is
     * gone): such failures count towards longplay.process.max-consecutive-failures, the ones of bad inputs do not.
     */
    public TrackFailure(String status, String reason, boolean diskSuspect) {
        super(reason);
        this.status = status;
        this.diskSuspect = diskSuspect;
    }

    public boolean diskSuspect() {
        return diskSuspect;
    }

    public String status() {
        return status;
    }
}
