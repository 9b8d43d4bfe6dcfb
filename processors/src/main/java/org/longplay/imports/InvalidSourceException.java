package org.longplay.imports;

/** The source as a whole cannot be imported: not SQLite, not zstd, a table or column missing. */
public class InvalidSourceException extends Exception {
    public InvalidSourceException(String message) {
        super(message);
    }

    public InvalidSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
