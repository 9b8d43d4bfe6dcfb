package org.longplay.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code release --dry-run}: the folders, files, bytes and torrents a stage would get, from the catalogue alone. */
final class ReleaseSurvey {
    private final ReleaseSettings settings;
    private final StageBuilder builder;

    ReleaseSurvey(ReleaseSettings settings, StageBuilder builder) {
        this.settings = settings;
        this.builder = builder;
    }

    List<String> describe(Connection c, Stage stage, List<ReleaseFiles.Freeze> freezes) throws SQLException, IOException {
        List<String> lines = new ArrayList<>();
        lines.add("would write " + settings.released(stage) + " (" + stage.kind().label() + ")");
        int torrents = 0;
        switch (stage.kind()) {
            case METADATA -> {
                long rows = Sql.count(c, "SELECT COUNT(*) FROM track_files", List.of());
                lines.add("track_files export: " + rows + " rows, zstd level " + settings.zstdLevel());
                torrents++;
                for (ReleaseFiles.Freeze f : freezes) {
                    lines.add("metadata file of " + f.collection() + ": " + f.files() + " records");
                    torrents += f.files() > 0 ? 1 : 0;
                }
            }
            case MUSIC, PATCHES -> {
                ReleaseFiles.Freeze f = freezes.get(0);
                lines.add(f.collection() + ": " + f.files() + " files, " + f.bytes() + " bytes in " + f.folders() + " data folders (at most "
                        + settings.folderMaxFiles() + " files and " + settings.folderMaxBytes() + " bytes each)");
                torrents += f.folders() + (f.files() > 0 ? 1 : 0);
            }
            case FILE_METADATA -> {
                List<String> music = settings.musicCollections();
                long records = Sql.count(c, "SELECT COUNT(*) FROM release_files WHERE collection IN (" + Sql.marks(music) + ")", music);
                lines.add(stage.collection(settings.collectionBase()) + ": " + records + " records");
                torrents += records > 0 ? 1 : 0;
            }
            case ALBUM_ART -> {
                Path covers = builder.coversFolder(c);
                long bytes = 0;
                Map<String, Path> entries = builder.releasedCovers(c, covers);
                for (Path p : entries.values()) {
                    bytes += Files.size(p);
                }
                lines.add("album art from " + (covers == null ? "(no covers folder: pass --covers or process with --covers)" : covers)
                        + ": " + entries.size() + " images, " + bytes + " bytes");
                torrents += entries.isEmpty() ? 0 : 1;
            }
        }
        lines.add(torrents + " torrents (" + (settings.torrent().hybrid() ? "hybrid v1+v2" : "v1") + ", piece length "
                + (settings.torrent().pieceLength() == 0 ? "automatic" : Long.toString(settings.torrent().pieceLength())) + ")");
        return lines;
    }
}
