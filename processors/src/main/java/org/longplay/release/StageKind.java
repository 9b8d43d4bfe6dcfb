package org.longplay.release;

/** What a release stage holds (docs/contracts.md §5.6). */
public enum StageKind {
    /** The track_files export and the music collections' metadata files. */
    METADATA("metadata"),
    /** Data folders of the music files of one popularity band, and their metadata file. */
    MUSIC("music"),
    /** Per released music file: where it sits in which torrent, its size and SHA-256. */
    FILE_METADATA("file-metadata"),
    /** A tar of the covers of the released albums. */
    ALBUM_ART("album-art"),
    /** Data folders of the patches of the released original-quality music files. */
    PATCHES("patches");

    private final String label;

    StageKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static StageKind of(String label) {
        for (StageKind k : values()) {
            if (k.label.equals(label)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown release stage kind \"" + label
                + "\" (one of metadata, music, file-metadata, album-art, patches)");
    }
}
