package org.longplay.release;

import com.github.luben.zstd.ZstdOutputStream;
import org.longplay.catalog.CatalogSettings;
import org.longplay.export.TrackFilesExport;
import org.longplay.tags.CatalogTrackReader;
import org.longplay.tags.CoverFiles;
import org.longplay.tar.TarWriter;
import org.longplay.torrent.Torrent;
import org.longplay.torrent.TorrentBuilder;

import javax.sql.DataSource;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the files of one stage into a folder (the stage's partial folder): data folders of hard links,
 * metadata files, the track_files export, the album-art tar, and a .torrent for each. Everything written
 * is a function of the catalogue and the files it names, so building a stage twice gives the same bytes.
 */
public final class StageBuilder {
    private final ReleaseSettings settings;
    private final DataSource catalog;
    private final TorrentBuilder torrents;

    public StageBuilder(ReleaseSettings settings, DataSource catalog) {
        this.settings = settings;
        this.catalog = catalog;
        this.torrents = new TorrentBuilder(settings.torrent());
    }

    /** What a stage build produced. */
    public record Built(List<BuiltTorrent> torrents, long files, long bytes) {
    }

    /** Builds {@code stage} into {@code dir}, which exists and is empty. Collections it needs are frozen already. */
    public Built build(Connection c, Stage stage, Path dir) throws SQLException, IOException {
        List<BuiltTorrent> out = new ArrayList<>();
        switch (stage.kind()) {
            case METADATA -> metadata(c, dir, out);
            case MUSIC, PATCHES -> dataFolders(c, stage.collection(settings.collectionBase()), dir, out);
            case FILE_METADATA -> fileMetadata(c, stage, dir, out);
            case ALBUM_ART -> albumArt(c, dir, out);
        }
        long files = 0;
        long bytes = 0;
        for (BuiltTorrent t : out) {
            files += t.numFiles();
            bytes += t.torrent().dataSize();
        }
        return new Built(out, files, bytes);
    }

    // ---- metadata ---------------------------------------------------------------------------------

    private void metadata(Connection c, Path dir, List<BuiltTorrent> out) throws SQLException, IOException {
        String stamp = Aacid.timestamp(latestProcessing(c));
        Path export = dir.resolve(".track_files.sqlite3");
        TrackFilesExport.write(catalog, export);
        Path zst = dir.resolve(settings.prefix() + "_track_files__" + stamp + ".sqlite3.zst");
        try (InputStream in = Files.newInputStream(export); OutputStream os = zstdOut(zst)) {
            in.transferTo(os);
        }
        force(zst);
        Files.delete(export);
        out.add(torrentOf(zst, "track_files", 1, true));
        for (String collection : settings.musicCollections()) {
            Path meta = metaFile(c, collection, dir);
            if (meta != null) {
                out.add(torrentOf(meta, collection, 1, true));
            }
        }
    }

    /** The latest processing time in the catalogue (epoch ms), 0 when nothing was processed. */
    private static long latestProcessing(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT MAX(fetched_at) FROM track_files");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---- music and patches: data folders ----------------------------------------------------------

    private void dataFolders(Connection c, String collection, Path dir, List<BuiltTorrent> out) throws SQLException, IOException {
        List<ReleasedFile> folder = new ArrayList<>();
        ReleaseFiles.forEach(c, collection, f -> {
            if (!folder.isEmpty() && !folder.get(0).dataFolder().equals(f.dataFolder())) {
                out.add(dataFolder(c, collection, dir, folder));
                folder.clear();
            }
            folder.add(f);
        });
        if (!folder.isEmpty()) {
            out.add(dataFolder(c, collection, dir, folder));
        }
        Path meta = metaFile(c, collection, dir);
        if (meta != null) {
            out.add(torrentOf(meta, collection, 1, true));
        }
    }

    private BuiltTorrent dataFolder(Connection c, String collection, Path dir, List<ReleasedFile> files) throws SQLException, IOException {
        Path folder = dir.resolve(files.get(0).dataFolder());
        Files.createDirectory(folder);
        for (ReleasedFile f : files) {
            Path source = settings.workspace().resolve(f.source());
            Path target = folder.resolve(f.aacid());
            linkOrCopy(source, target);
            long size = Files.size(target);
            if (size != f.size()) {
                throw new IOException(f.source() + " has " + size + " bytes, " + f.size() + " were frozen for " + f.aacid()
                        + "; it changed after the collection was frozen");
            }
        }
        BuiltTorrent built = torrentOf(folder, collection, files.size(), false);
        Torrent t = built.torrent();
        Map<String, Long> offsets = new HashMap<>();
        for (Torrent.TorrentFile tf : t.files()) {
            offsets.put(tf.path(), tf.offset());
        }
        List<ReleaseFiles.Placement> placements = new ArrayList<>(files.size());
        for (ReleasedFile f : files) {
            placements.add(new ReleaseFiles.Placement(f.aacid(), built.torrentFile(), f.aacid(), offsets.get(f.aacid()), t.btih()));
        }
        ReleaseFiles.place(c, collection, placements);
        c.commit();
        return built;
    }

    /** A hard link where the file system allows, a copy otherwise (another file system, no link support). */
    static void linkOrCopy(Path source, Path target) throws IOException {
        try {
            Files.createLink(target, source);
        } catch (FileSystemException | UnsupportedOperationException e) {
            if (!Files.isRegularFile(source)) {
                throw new IOException("cannot release " + source + ": no such file", e);
            }
            Files.copy(source, target);
        }
    }

    /** The collection's metadata file, one record per line in AACID order; null for an empty collection. */
    private Path metaFile(Connection c, String collection, Path dir) throws SQLException, IOException {
        String[] range = stampRange(c, "SELECT MIN(stamp), MAX(stamp) FROM release_files WHERE collection = ?", List.of(collection));
        if (range == null) {
            return null;
        }
        Path file = dir.resolve(FolderPacker.metaFileName(settings.prefix(), collection, range[0], range[1]));
        try (OutputStream os = zstdOut(file)) {
            StringBuilder line = new StringBuilder(512);
            ReleaseFiles.forEach(c, collection, f -> {
                line.setLength(0);
                Map<String, Object> record = new LinkedHashMap<>();
                record.put("aacid", f.aacid());
                record.put("metadata", new JsonText.Raw(f.metadataJson()));
                record.put("data_folder", f.dataFolder());
                JsonText.appendObject(line, record);
                line.append('\n');
                os.write(line.toString().getBytes(StandardCharsets.UTF_8));
            });
        }
        force(file);
        return file;
    }

    private static String[] stampRange(Connection c, String sql, List<String> args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            Sql.bind(s, 1, args);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1) == null ? null : new String[] {rs.getString(1), rs.getString(2)};
            }
        }
    }

    // ---- file-metadata ------------------------------------------------------------------------------

    private void fileMetadata(Connection c, Stage stage, Path dir, List<BuiltTorrent> out) throws SQLException, IOException {
        String collection = stage.collection(settings.collectionBase());
        List<String> music = settings.musicCollections();
        String marks = Sql.marks(music);
        String[] range = stampRange(c, "SELECT MIN(stamp), MAX(stamp) FROM release_files WHERE collection IN (" + marks + ")", music);
        if (range == null) {
            return;
        }
        Path file = dir.resolve(FolderPacker.metaFileName(settings.prefix(), collection, range[0], range[1]));
        try (OutputStream os = zstdOut(file);
                PreparedStatement s = c.prepareStatement("SELECT collection, aacid, stage_id, track_rowid, track_id, stamp, "
                        + "original_quality, data_folder, source, size, sha256, metadata_json, torrent, path, byte_offset, btih "
                        + "FROM release_files WHERE collection IN (" + marks + ") ORDER BY stamp, track_id")) {
            Sql.bind(s, 1, music);
            s.setFetchSize(5_000);
            StringBuilder line = new StringBuilder(512);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ReleasedFile f = ReleaseFiles.row(rs);
                    if (f.torrent() == null) {
                        throw new IllegalStateException(f.aacid() + " has no torrent yet; its music stage " + f.stageId() + " is not built");
                    }
                    Map<String, Object> meta = new LinkedHashMap<>();
                    meta.put("track_id", f.trackId());
                    meta.put("aacid", f.aacid());
                    meta.put("torrent", f.torrent());
                    meta.put("path", f.path());
                    meta.put("byte_offset", f.byteOffset());
                    meta.put("size", f.size());
                    meta.put("sha256", f.sha256());
                    meta.put("btih", f.btih());
                    Map<String, Object> record = new LinkedHashMap<>();
                    record.put("aacid", Aacid.of(collection, Aacid.millisOf(f.stamp()), f.trackId(), f.sha256()));
                    record.put("metadata", meta);
                    line.setLength(0);
                    JsonText.appendObject(line, record);
                    line.append('\n');
                    os.write(line.toString().getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        force(file);
        out.add(torrentOf(file, collection, 1, true));
    }

    // ---- album-art ----------------------------------------------------------------------------------

    /** Cover files of released albums: tar path → file, sorted by path. */
    public TreeMap<String, Path> releasedCovers(Connection c, Path covers) throws SQLException {
        TreeMap<String, Path> entries = new TreeMap<>();
        if (covers == null) {
            return entries;
        }
        List<String> music = settings.musicCollections();
        String marks = Sql.marks(music);
        // A join from the released files outwards: each step a primary-key (prefix) look-up. HSQLDB ran the
        // earlier "album_rowid IN (subquery)" form once per album image: 45 s for 2,599 covers at 10,000 tracks.
        String sql = "SELECT DISTINCT ai.url FROM release_files rf JOIN tracks t ON t.rowid = rf.track_rowid "
                + "JOIN album_images ai ON ai.album_rowid = t.album_rowid WHERE rf.collection IN (" + marks + ")";
        Path root = covers.toAbsolutePath().normalize();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            Sql.bind(s, 1, music);
            s.setFetchSize(5_000);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String name = CatalogTrackReader.lastSegment(rs.getString(1));
                    Path file = CoverFiles.find(root, name);
                    if (file != null) {
                        entries.put(coverFolder(name) + "/" + name, file);
                    }
                }
            }
        }
        return entries;
    }

    /** The first two characters of the image id after its 16-character prefix ({@code _} when it has none). */
    static String coverFolder(String name) {
        int dot = name.lastIndexOf('.');
        String id = dot > 0 ? name.substring(0, dot) : name;
        if (id.length() < 18) {
            return "_";
        }
        return id.substring(16, 18);
    }

    private void albumArt(Connection c, Path dir, List<BuiltTorrent> out) throws SQLException, IOException {
        TreeMap<String, Path> entries = releasedCovers(c, coversFolder(c));
        if (entries.isEmpty()) {
            return;
        }
        List<String> music = settings.musicCollections();
        String marks = Sql.marks(music);
        String[] range = stampRange(c, "SELECT MIN(stamp), MAX(stamp) FROM release_files WHERE collection IN (" + marks + ")", music);
        Path tar = dir.resolve(settings.prefix() + "_album_art__" + range[1] + ".tar");
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tar), 1 << 16);
                TarWriter writer = new TarWriter(os, Aacid.millisOf(range[1]) / 1000)) {
            String folder = null;
            for (Map.Entry<String, Path> e : entries.entrySet()) {
                String f = e.getKey().substring(0, e.getKey().indexOf('/'));
                if (!f.equals(folder)) {
                    writer.addDirectory(f);
                    folder = f;
                }
                writer.addFile(e.getKey(), e.getValue());
            }
        }
        force(tar);
        out.add(torrentOf(tar, "album_art", 1, false));
    }

    /** The covers folder: from settings, or the one the last {@code process --covers} used; null for none. */
    public Path coversFolder(Connection c) throws SQLException {
        if (settings.covers() != null) {
            return settings.covers();
        }
        String recorded = CatalogSettings.get(c, CatalogSettings.COVERS);
        return recorded == null ? null : Path.of(recorded);
    }

    // ---- common -------------------------------------------------------------------------------------

    private OutputStream zstdOut(Path file) throws IOException {
        ZstdOutputStream z = new ZstdOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), settings.zstdLevel());
        z.setChecksum(true);
        return new BufferedOutputStream(z, 1 << 16);
    }

    /** Builds the torrent of {@code target} and writes {@code <name>.torrent} next to it. */
    private BuiltTorrent torrentOf(Path target, String group, long numFiles, boolean isMetadata) throws IOException {
        long started = System.nanoTime();
        Torrent t = torrents.build(target);
        double seconds = (System.nanoTime() - started) / 1e9;
        String name = target.getFileName() + ".torrent";
        Path file = target.resolveSibling(name);
        Files.write(file, t.bytes());
        force(file);
        return new BuiltTorrent(name, group, t, numFiles, t.bytes().length, isMetadata, seconds);
    }

    /** Written files reach the disk before the stage is renamed into place; links share the archive's data. */
    static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }
}
