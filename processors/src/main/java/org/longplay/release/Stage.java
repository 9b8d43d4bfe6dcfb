package org.longplay.release;

/**
 * One stage of the release plan.
 *
 * @param id   folder name under releases/ and the name operators use
 * @param kind what it holds
 * @param band the popularity band of a music stage, null otherwise
 */
public record Stage(String id, StageKind kind, Band band) {

    /** A popularity band, both ends included. */
    public record Band(int from, int to) {
        public Band {
            if (from < 0 || to > 100 || from > to) {
                throw new IllegalArgumentException("popularity band must be within 0..100, low to high: " + from + "-" + to);
            }
        }

        /** {@code 50-100} or {@code 0}. */
        public static Band parse(String text) {
            String[] ends = text.trim().split("-", -1);
            try {
                if (ends.length == 1) {
                    int v = Integer.parseInt(ends[0]);
                    return new Band(v, v);
                }
                if (ends.length == 2) {
                    return new Band(Integer.parseInt(ends[0]), Integer.parseInt(ends[1]));
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("popularity band must be <from>-<to> or one value: \"" + text + "\"");
        }

        /** {@code 50-to-100} or {@code 0}: the band as stage ids and collection names spell it. */
        public String label(String joiner) {
            return from == to ? Integer.toString(from) : from + joiner + to;
        }

        public boolean contains(int popularity) {
            return popularity >= from && popularity <= to;
        }
    }

    /** What a stage id may be: it names a folder and a URL path segment. */
    public static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    public Stage {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("release stage id must be 1-100 letters, digits, '.', '_' or '-', not starting with a sign: "
                    + (id == null ? null : org.longplay.common.Printable.quote(id)));
        }
        if ((kind == StageKind.MUSIC) != (band != null)) {
            throw new IllegalArgumentException("stage " + id + ": a music stage needs a popularity band (music:<from>-<to>), other kinds take none");
        }
    }

    /**
     * Why this stage, released, holds no file: what it would have held did not exist when it was built.
     * An empty stage is released all the same (an empty folder, no torrent), so the plan goes on.
     */
    public String emptyReason() {
        return switch (kind) {
            case MUSIC -> "no processed track of popularity " + band.label("-");
            case PATCHES -> "no music file of original quality was released";
            case FILE_METADATA -> "no music file was released";
            case ALBUM_ART -> "no cover of a released album was found";
            case METADATA -> "nothing to export";
        };
    }

    /** The collection of the data files this stage releases (music and patches), or of its metadata file. */
    public String collection(String base) {
        return switch (kind) {
            case MUSIC -> base + "_pop_" + band.label("_to_");
            case PATCHES -> base + "_patches";
            case FILE_METADATA -> base + "_file_metadata";
            case METADATA, ALBUM_ART -> null;
        };
    }
}
