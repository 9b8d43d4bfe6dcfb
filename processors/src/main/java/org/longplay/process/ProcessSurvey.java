package org.longplay.process;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.longplay.common.Report;

/**
 * {@code process --dry-run}: what a run would do, and whether the disk can take it, without writing
 * anything (not even the catalogue's originals index). Expected sizes come from the planned playing
 * time and the bitrates: the originals' assumed one for files kept, the planned Opus one for re-encodes.
 */
public final class ProcessSurvey {
    private static final Pattern ORIGINAL = Pattern.compile("[0-9A-Za-z]{22}\\.ogg");
    private static final String TODO = """
            SELECT f.reencoded_kbit_vbr, COUNT(*), COALESCE(SUM(t.duration_ms), 0)
            FROM track_files f JOIN tracks t ON t.rowid = f.rowid
            WHERE f.status = 'todo' GROUP BY f.reencoded_kbit_vbr""";

    /** The survey, as printed. */
    public record Survey(long keepTracks, long keepBytes, long reencodeTracks, long reencodeBytes, long finished,
            long originalFiles, long originalBytes, long freeBytes, int originalKbit) implements Report {

        public long expectedBytes() {
            return keepBytes + reencodeBytes;
        }

        @Override
        public String render() {
            StringBuilder out = new StringBuilder("process (dry run: nothing written)\n");
            out.append(String.format(Locale.ROOT, "  to keep in original quality  %,10d tracks, ~%.2f GB (at %d kbit/s)%n",
                    keepTracks, keepBytes / 1e9, originalKbit));
            out.append(String.format(Locale.ROOT, "  to re-encode to Opus         %,10d tracks, ~%.2f GB%n", reencodeTracks,
                    reencodeBytes / 1e9));
            out.append(String.format(Locale.ROOT, "  finished already             %,10d tracks (their files are checked by a real run)%n",
                    finished));
            out.append(String.format(Locale.ROOT, "  originals folder             %,10d files named <track_id>.ogg, %.2f GB%n",
                    originalFiles, originalBytes / 1e9));
            long shortBy = expectedBytes() - freeBytes;
            out.append(String.format(Locale.ROOT, "  free space in the workspace  %.2f GB: %s%n", freeBytes / 1e9,
                    shortBy > 0 ? String.format(Locale.ROOT, "SHORT by ~%.2f GB", shortBy / 1e9) : "enough"));
            return out.toString();
        }
    }

    private ProcessSurvey() {
    }

    public static Survey survey(DataSource catalog, ProcessSettings settings, int originalKbit) throws SQLException, IOException {
        long keepTracks = 0;
        long keepBytes = 0;
        long reencodeTracks = 0;
        long reencodeBytes = 0;
        long finished;
        try (Connection connection = catalog.getConnection(); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery(TODO)) {
                while (rs.next()) {
                    int kbit = rs.getInt(1);
                    boolean keep = rs.wasNull();
                    long tracks = rs.getLong(2);
                    long bytes = rs.getLong(3) * (keep ? originalKbit : kbit) / 8; // ms x kbit/s / 8 = bytes
                    if (keep) {
                        keepTracks += tracks;
                        keepBytes += bytes;
                    } else {
                        reencodeTracks += tracks;
                        reencodeBytes += bytes;
                    }
                }
            }
            try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM track_files WHERE status = 'success'")) {
                rs.next();
                finished = rs.getLong(1);
            }
        }
        long[] originals = new long[2];
        if (!Files.isDirectory(settings.originals())) {
            throw new IllegalArgumentException("originals folder does not exist: " + settings.originals());
        }
        Files.walkFileTree(settings.originals(), new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && ORIGINAL.matcher(file.getFileName().toString()).matches()) {
                    originals[0]++;
                    originals[1] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        long free = FreeSpace.usable(settings.archive());
        return new Survey(keepTracks, keepBytes, reencodeTracks, reencodeBytes, finished, originals[0], originals[1], free,
                originalKbit);
    }
}
