package org.longplay.process;

/**
 * A track's work ended in a JVM {@link Error} (out of memory, a native library's failure): carried as an
 * exception, so that the track's error handling records it (the track stays todo) and the run stops with a
 * report, instead of the worker thread dying and the run waiting for it forever.
 */
public final class ProcessingError extends RuntimeException {
    public ProcessingError(String trackId, Error error) {
        super("processing track " + trackId + " failed with " + error.getClass().getSimpleName()
                + (error.getMessage() == null ? "" : ": " + error.getMessage()), error);
    }
}
