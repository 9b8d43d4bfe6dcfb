package org.longplay.ogg;

/**
 * An original that cannot be archived as it is. The message is the precise human reason (for
 * example {@code "truncated at byte 40960: page 12 at byte 38912 needs 4263 bytes, 2048 present"});
 * byte offsets are file offsets, the Spotify prefix included.
 */
public final class CorruptOriginalException extends Exception {
    private static final long serialVersionUID = 1L;

    /** A corrupt original; {@code reason} becomes {@link #getMessage()}. */
    public CorruptOriginalException(String reason) {
        super(reason, null, false, false); // no stack trace: this is a verdict on a file, not a bug
    }

    private static final java.util.regex.Pattern AT_BYTE = java.util.regex.Pattern.compile("\\bat byte (\\d+)");

    /**
     * Where the file breaks, when the reason says ("... at byte N ..."; every reason that has a
     * position says it that way), else -1.
     */
    public long byteOffset() {
        java.util.regex.Matcher m = AT_BYTE.matcher(getMessage());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The reason, same as {@link #getMessage()}. */
    public String reason() {
        return getMessage();
    }
}
