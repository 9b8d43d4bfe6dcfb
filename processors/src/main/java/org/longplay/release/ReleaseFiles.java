package org.longplay.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.longplay.process.Sha256;

/**
 * The {@code release_files} table: which file goes, under which AACID, into which data folder.
 *
 * <p>A collection is <em>frozen</em> the first time a stage needs it: its files are chosen, named and
 * packed into folders once, and every later stage (the metadata stage's meta files, the music stage's
 * folders, file-metadata, patches) reads that same assignment, so they agree with each other whatever
 * is processed in between. Tracks processed after their collection was frozen wait for a later release.
 * Freezing streams the tracks in AACID order and holds one folder at a time.
 */
public final class ReleaseFiles {
    private static final String COLUMNS = "collection, aacid, stage_id, track_rowid, track_id, stamp, original_quality, "
            + "data_folder, source, size, sha256, metadata_json, torrent, path, byte_offset, btih";
    private static final int FETCH = 5_000;

    private final ReleaseSettings settings;

    public ReleaseFiles(ReleaseSettings settings) {
        this.settings = settings;
    }

    /** What freezing (or surveying) a collection found. */
    public record Freeze(String collection, long files, long bytes, int folders, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public static boolean frozen(Connection c, String collection) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM release_collections WHERE collection = ?")) {
            s.setString(1, collection);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Counts, files and folders of a frozen collection. */
    public static Freeze summary(Connection c, String collection) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT files, bytes, folders FROM release_collections WHERE collection = ?")) {
            s.setString(1, collection);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("collection " + collection + " is not frozen");
                }
                return new Freeze(collection, rs.getLong(1), rs.getLong(2), rs.getInt(3), List.of());
            }
        }
    }

    /**
     * Freezes the music collection of {@code stage}: every processed track of its band, in AACID order.
     * With {@code write} false nothing is written (dry run). A track whose archive file is missing or no
     * longer has its recorded size is a problem; with any problem nothing is frozen. Rows are committed a
     * folder at a time (the connection must not be in auto-commit), the collection marked frozen in the
     * last commit; rows left by an interrupted freeze are deleted first.
     */
    public Freeze freezeMusic(Connection c, Stage stage, boolean write) throws SQLException, IOException {
        String collection = stage.collection(settings.collectionBase());
        String sql = "SELECT rowid, track_id, filename, fetched_at, sha256_original, sha256_with_embedded_meta, filesize_bytes, "
                + "reencoded_kbit_vbr, track_popularity FROM track_files WHERE status = 'success' AND track_popularity BETWEEN ? AND ? "
                + "ORDER BY fetched_at / 1000, track_id";
        try (Writer writer = new Writer(c, stage, collection, write); PreparedStatement s = c.prepareStatement(sql)) {
            s.setInt(1, stage.band().from());
            s.setInt(2, stage.band().to());
            s.setFetchSize(FETCH);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String trackId = rs.getString(2);
                    String filename = rs.getString(3);
                    long processedAt = rs.getLong(4);
                    String sha = rs.getString(6);
                    long size = rs.getLong(7);
                    Integer kbit = (Integer) rs.getObject(8);
                    String source = "archive/" + filename;
                    String problem = checkSource(source, size, trackId);
                    if (problem != null) {
                        writer.problem(problem);
                        continue;
                    }
                    Map<String, Object> meta = new LinkedHashMap<>();
                    meta.put("track_id", trackId);
                    meta.put("filename", filename);
                    meta.put("size", size);
                    meta.put("sha256", sha);
                    meta.put("sha256_original", rs.getString(5));
                    meta.put("codec", kbit == null ? "vorbis" : "opus");
                    meta.put("reencoded_kbit_vbr", kbit);
                    meta.put("track_popularity", rs.getObject(9));
                    meta.put("processed_at", processedAt);
                    writer.add(rs.getLong(1), trackId, processedAt, kbit == null, source, size, sha, JsonText.object(meta));
                }
            }
            return writer.finish();
        }
    }

    /**
     * Freezes the patches collection: one patch per original-quality file of the given (released) music
     * collections, named in AACID order with the music file's timestamp. A patch that is missing, or
     * whose track was processed again after its music was released (the patch now rebuilds from a
     * different file), is a problem.
     */
    public Freeze freezePatches(Connection c, Stage stage, List<String> musicCollections, boolean write) throws SQLException, IOException {
        String collection = stage.collection(settings.collectionBase());
        String marks = Sql.marks(musicCollections);
        String sql = "SELECT rf.track_rowid, rf.track_id, rf.stamp, rf.aacid, rf.sha256, tf.sha256_with_embedded_meta, tf.sha256_original "
                + "FROM release_files rf JOIN track_files tf ON tf.rowid = rf.track_rowid "
                + "WHERE rf.original_quality AND rf.collection IN (" + marks + ") ORDER BY rf.stamp, rf.track_id";
        try (Writer writer = new Writer(c, stage, collection, write); PreparedStatement s = c.prepareStatement(sql)) {
            Sql.bind(s, 1, musicCollections);
            s.setFetchSize(FETCH);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String trackId = rs.getString(2);
                    String released = rs.getString(5);
                    if (!released.equals(rs.getString(6))) {
                        writer.problem("track " + trackId + ": processed again after its music was released; "
                                + "patches/" + trackId + ".zstdpatch no longer rebuilds from the released file");
                        continue;
                    }
                    String source = "patches/" + trackId + ".zstdpatch";
                    Path file = settings.workspace().resolve(source);
                    if (!Files.isRegularFile(file)) {
                        writer.problem("track " + trackId + ": " + source + " is missing; run process again");
                        continue;
                    }
                    long size = Files.size(file);
                    String sha = Sha256.hex(file);
                    Map<String, Object> meta = new LinkedHashMap<>();
                    meta.put("track_id", trackId);
                    meta.put("music_aacid", rs.getString(4));
                    meta.put("size", size);
                    meta.put("sha256", sha);
                    meta.put("music_sha256", released);
                    meta.put("sha256_original", rs.getString(7));
                    writer.add(rs.getLong(1), trackId, Aacid.millisOf(rs.getString(3)), false, source, size, sha, JsonText.object(meta));
                }
            }
            return writer.finish();
        }
    }

    private String checkSource(String source, long size, String trackId) {
        Path file = settings.workspace().resolve(source);
        try {
            long actual = Files.size(file);
            return actual == size ? null
                    : "track " + trackId + ": " + source + " has " + actual + " bytes, the catalogue recorded " + size
                    + " (changed since processed; run process again)";
        } catch (IOException e) {
            return "track " + trackId + ": " + source + " is missing (" + e.getClass().getSimpleName() + "); run process again";
        }
    }

    /** Packs rows into folders and inserts them (or only counts them). */
    private final class Writer implements AutoCloseable {
        private final Stage stage;
        private final String collection;
        private final FolderPacker<ReleasedFile> packer;
        private final PreparedStatement insert;
        private final Connection connection;
        private final boolean write;
        private final List<String> problems = new ArrayList<>();
        private long files;
        private long bytes;
        private int folders;

        Writer(Connection c, Stage stage, String collection, boolean write) throws SQLException {
            this.stage = stage;
            this.collection = collection;
            this.packer = new FolderPacker<>(settings.prefix(), collection, settings.folderMaxFiles(), settings.folderMaxBytes());
            this.connection = c;
            this.write = write;
            if (write) {
                deleteRows();
            }
            this.insert = write ? c.prepareStatement("INSERT INTO release_files (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL)") : null;
        }

        void problem(String text) {
            problems.add(text);
        }

        void add(long rowid, String trackId, long stampMillis, boolean originalQuality, String source, long size, String sha,
                 String metadataJson) throws SQLException {
            String aacid;
            try {
                aacid = Aacid.of(collection, stampMillis, trackId, sha);
            } catch (IllegalArgumentException e) {
                problems.add("track " + trackId + ": " + e.getMessage());
                return;
            }
            ReleasedFile f = new ReleasedFile(collection, aacid, stage.id(), rowid, trackId, Aacid.timestamp(stampMillis),
                    originalQuality, null, source, size, sha, metadataJson, null, null, null, null);
            store(packer.add(new FolderPacker.Item<>(aacid, size, f)));
        }

        private void store(FolderPacker.Folder<ReleasedFile> folder) throws SQLException {
            if (folder == null) {
                return;
            }
            folders++;
            for (FolderPacker.Item<ReleasedFile> item : folder.items()) {
                files++;
                bytes += item.size();
                if (insert != null && problems.isEmpty()) {
                    ReleasedFile f = item.value();
                    insert.setString(1, f.collection());
                    insert.setString(2, f.aacid());
                    insert.setString(3, f.stageId());
                    insert.setLong(4, f.trackRowid());
                    insert.setString(5, f.trackId());
                    insert.setString(6, f.stamp());
                    insert.setBoolean(7, f.originalQuality());
                    insert.setString(8, folder.name());
                    insert.setString(9, f.source());
                    insert.setLong(10, f.size());
                    insert.setString(11, f.sha256());
                    insert.setString(12, f.metadataJson());
                    insert.addBatch();
                }
            }
            if (insert != null && problems.isEmpty()) {
                insert.executeBatch();
                connection.commit();
            }
        }

        Freeze finish() throws SQLException {
            store(packer.finish());
            if (write) {
                if (problems.isEmpty()) {
                    try (PreparedStatement s = connection.prepareStatement(
                            "INSERT INTO release_collections (collection, files, bytes, folders) VALUES (?, ?, ?, ?)")) {
                        s.setString(1, collection);
                        s.setLong(2, files);
                        s.setLong(3, bytes);
                        s.setInt(4, folders);
                        s.executeUpdate();
                    }
                } else {
                    deleteRows();
                }
                connection.commit();
            }
            return new Freeze(collection, files, bytes, folders, List.copyOf(problems));
        }

        private void deleteRows() throws SQLException {
            try (PreparedStatement s = connection.prepareStatement("DELETE FROM release_files WHERE collection = ?")) {
                s.setString(1, collection);
                s.executeUpdate();
            }
            connection.commit();
        }

        @Override
        public void close() throws SQLException {
            if (insert != null) {
                insert.close();
            }
        }
    }

    /** Streams a collection's rows in AACID order. */
    public static void forEach(Connection c, String collection, RowConsumer consumer) throws SQLException, IOException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM release_files WHERE collection = ? ORDER BY aacid")) {
            s.setString(1, collection);
            s.setFetchSize(FETCH);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    consumer.accept(row(rs));
                }
            }
        }
    }

    static ReleasedFile row(ResultSet rs) throws SQLException {
        return new ReleasedFile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getBoolean(7), rs.getString(8), rs.getString(9), rs.getLong(10), rs.getString(11),
                rs.getString(12), rs.getString(13), rs.getString(14), (Long) rs.getObject(15), rs.getString(16));
    }

    /** Where a released file landed: its torrent, its path inside the torrent's folder, its offset in the v1 data. */
    public record Placement(String aacid, String torrent, String path, long byteOffset, String btih) {
    }

    /** Records where each file of a data folder landed in its torrent. */
    public static void place(Connection c, String collection, List<Placement> placements) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE release_files SET torrent = ?, path = ?, byte_offset = ?, btih = ? WHERE collection = ? AND aacid = ?")) {
            for (Placement p : placements) {
                s.setString(1, p.torrent());
                s.setString(2, p.path());
                s.setLong(3, p.byteOffset());
                s.setString(4, p.btih());
                s.setString(5, collection);
                s.setString(6, p.aacid());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** A consumer that may fail with SQL or I/O errors. */
    @FunctionalInterface
    public interface RowConsumer {
        void accept(ReleasedFile file) throws SQLException, IOException;
    }
}
