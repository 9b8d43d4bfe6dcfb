package org.longplay.tags;

/** One Vorbis comment: an upper-case ASCII key and a text value. */
public record TagField(String key, String value) {
    @Override
    public String toString() {
        return key + "=" + value;
    }
}
