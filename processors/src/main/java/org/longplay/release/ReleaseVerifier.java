package org.longplay.release;

import com.github.luben.zstd.ZstdInputStream;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.longplay.common.Report;
import org.longplay.patch.ZstdPatch;
import org.longplay.process.Sha256;
import org.longplay.torrent.TorrentVerifier;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code longplay verify}: proves released stages against the catalogue's record of them.
 * <ol>
 *   <li>every .torrent is the one recorded (same info-hash), and a forced recheck of its data passes;</li>
 *   <li>every released data file has the SHA-256 its metadata record names; every metadata file
 *       decompresses (zstd checksum), parses line by line, and lists exactly the recorded AACIDs in order;</li>
 *   <li>originals rebuilt from their patches (a sample, or all) have {@code sha256_original}.</li>
 * </ol>
 * Each mismatch names its file. Memory: one file at a time (patch checks hold a track and its patch).
 */
public final class ReleaseVerifier {
    private final ReleaseSettings settings;
    private final DataSource catalog;

    public ReleaseVerifier(ReleaseSettings settings, DataSource catalog) {
        this.settings = settings;
        this.catalog = catalog;
    }

    /** What verify found. */
    public record Outcome(List<String> checked, List<String> mismatches) implements Report {
        public Outcome {
            checked = List.copyOf(checked);
            mismatches = List.copyOf(mismatches);
        }

        public boolean ok() {
            return mismatches.isEmpty();
        }

        @Override
        public String render() {
            StringBuilder sb = new StringBuilder();
            checked.forEach(l -> sb.append(l).append('\n'));
            mismatches.forEach(l -> sb.append("MISMATCH ").append(l).append('\n'));
            sb.append(ok() ? "verify: ok\n" : "verify: " + mismatches.size() + " mismatches\n");
            return sb.toString();
        }
    }

    /** Verifies {@code stageId} (all released stages when null); {@code all} rebuilds every original instead of a sample. */
    public Outcome verify(String stageId, boolean all) throws SQLException, IOException {
        List<String> checked = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        try (Connection c = catalog.getConnection()) {
            List<Stage> stages = new ArrayList<>();
            for (Stage s : settings.plan().stages()) {
                if ((stageId == null || s.id().equals(stageId)) && Releaser.RELEASED.equals(Sql.stateOf(c, s))) {
                    stages.add(s);
                }
            }
            if (stageId != null && stages.isEmpty()) {
                throw new IllegalArgumentException("stage " + stageId + " is not a released stage of the release plan");
            }
            List<String> musicCollections = new ArrayList<>();
            for (Stage s : stages) {
                Path dir = settings.released(s);
                long[] counts = torrents(c, s, dir, mismatches);
                long files = 0;
                if (s.kind() == StageKind.MUSIC || s.kind() == StageKind.PATCHES) {
                    String collection = s.collection(settings.collectionBase());
                    files = dataFiles(c, collection, dir, mismatches);
                    if (s.kind() == StageKind.MUSIC) {
                        musicCollections.add(collection);
                    }
                }
                long metaFiles = metaFiles(c, s, dir, mismatches);
                checked.add("stage " + s.id() + ": " + counts[0] + " torrents rechecked (" + counts[1] + " bytes), " + files
                        + " data files hashed, " + metaFiles + " metadata files read");
            }
            if (!musicCollections.isEmpty()) {
                int rebuilt = rebuildOriginals(c, musicCollections, all ? Integer.MAX_VALUE : settings.verifySample(), mismatches);
                checked.add(rebuilt + " originals rebuilt from their patches" + (all ? " (all)" : " (sample)"));
            }
        }
        return new Outcome(checked, mismatches);
    }

    /** Rechecks every torrent of the stage; returns {torrents, bytes}. */
    private long[] torrents(Connection c, Stage s, Path dir, List<String> mismatches) throws SQLException, IOException {
        long torrents = 0;
        long bytes = 0;
        try (PreparedStatement st = c.prepareStatement("SELECT torrent_file, btih, data_size FROM release_torrents WHERE stage_id = ? ORDER BY position")) {
            st.setString(1, s.id());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    torrents++;
                    bytes += rs.getLong(3);
                    String name = rs.getString(1);
                    Path torrent = dir.resolve(name);
                    if (!Files.isRegularFile(torrent)) {
                        mismatches.add(torrent + ": torrent file missing");
                        continue;
                    }
                    Path data = dir.resolve(name.substring(0, name.length() - ".torrent".length()));
                    TorrentVerifier.Result result = TorrentVerifier.verify(torrent, data);
                    if (!result.btih().equals(rs.getString(2))) {
                        mismatches.add(torrent + ": info-hash " + result.btih() + ", released as " + rs.getString(2));
                    }
                    for (TorrentVerifier.Mismatch m : result.mismatches()) {
                        mismatches.add(data.resolve(m.path()) + ": " + m.reason() + " (torrent " + name + ")");
                    }
                }
            }
        }
        return new long[] {torrents, bytes};
    }

    /** Hashes every released data file of a collection against its record. */
    private long dataFiles(Connection c, String collection, Path dir, List<String> mismatches) throws SQLException, IOException {
        long[] n = {0};
        ReleaseFiles.forEach(c, collection, f -> {
            n[0]++;
            Path file = dir.resolve(f.dataFolder()).resolve(f.aacid());
            if (!Files.isRegularFile(file)) {
                mismatches.add(file + ": missing");
                return;
            }
            String sha = Sha256.hex(file);
            if (!sha.equals(f.sha256())) {
                mismatches.add(file + ": SHA-256 " + sha + ", the metadata record says " + f.sha256());
            }
        });
        return n[0];
    }

    /** Reads every .jsonl.zst of the stage; for data collections, checks its records against release_files. */
    private long metaFiles(Connection c, Stage s, Path dir, List<String> mismatches) throws IOException, SQLException {
        long count = 0;
        if (!Files.isDirectory(dir)) {
            mismatches.add(dir + ": released stage folder missing");
            return 0;
        }
        List<Path> files;
        try (var list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".jsonl.zst")).sorted().toList();
        }
        try (var list = Files.list(dir)) {
            for (Path export : list.filter(p -> p.getFileName().toString().endsWith(".sqlite3.zst")).sorted().toList()) {
                count++;
                try (InputStream in = new ZstdInputStream(Files.newInputStream(export))) {
                    in.transferTo(java.io.OutputStream.nullOutputStream()); // zstd checks its frame checksum
                } catch (IOException e) {
                    mismatches.add(export + ": unreadable (" + e.getMessage() + ")");
                }
            }
        }
        for (Path file : files) {
            count++;
            String name = file.getFileName().toString();
            String collection = name.substring(name.indexOf("__aacid__") + "__aacid__".length(), name.lastIndexOf("__"));
            List<String> expected = new ArrayList<>();
            if (ReleaseFiles.frozen(c, collection)) {
                ReleaseFiles.forEach(c, collection, f -> expected.add(f.aacid() + "\t" + f.dataFolder()));
            }
            try (InputStream in = new ZstdInputStream(Files.newInputStream(file));
                    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                long lineNo = 0;
                while ((line = reader.readLine()) != null) {
                    lineNo++;
                    JsonObject record = (JsonObject) Jsoner.deserialize(line);
                    if (!expected.isEmpty()) {
                        String got = record.get("aacid") + "\t" + record.get("data_folder");
                        if (lineNo > expected.size() || !expected.get((int) lineNo - 1).equals(got)) {
                            mismatches.add(file + ": line " + lineNo + " lists " + got.replace('\t', ' ') + ", not the released file");
                            break;
                        }
                    }
                }
                if (!expected.isEmpty() && lineNo != expected.size()) {
                    mismatches.add(file + ": " + lineNo + " records, " + expected.size() + " were released");
                }
            } catch (IOException | RuntimeException | org.apache.camel.util.json.DeserializationException e) {
                mismatches.add(file + ": unreadable (" + e.getMessage() + ")");
            }
        }
        return count;
    }

    /**
     * Rebuilds originals from patches and compares with {@code sha256_original}. The sample is the first
     * N original-quality files by SHA-256 (a spread over bands and time that is the same on every run).
     * The patch comes from the released patches stage when the track is there, else from patches/.
     */
    private int rebuildOriginals(Connection c, List<String> musicCollections, int limit, List<String> mismatches)
            throws SQLException, IOException {
        String marks = Sql.marks(musicCollections);
        String patchCollection = settings.collectionBase() + "_patches";
        String sql = "SELECT m.stage_id, m.data_folder, m.aacid, m.track_id, tf.sha256_original, p.data_folder, p.aacid, ps.state, p.stage_id "
                + "FROM release_files m JOIN track_files tf ON tf.rowid = m.track_rowid "
                + "LEFT JOIN release_files p ON p.collection = ? AND p.track_rowid = m.track_rowid "
                + "LEFT JOIN release_stages ps ON ps.stage_id = p.stage_id "
                + "WHERE m.original_quality AND m.collection IN (" + marks + ") ORDER BY m.sha256 LIMIT ?";
        int n = 0;
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, patchCollection);
            st.setInt(Sql.bind(st, 2, musicCollections), limit);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    n++;
                    Stage music = settings.plan().stage(rs.getString(1)).orElseThrow();
                    Path file = settings.released(music).resolve(rs.getString(2)).resolve(rs.getString(3));
                    Path patch = Releaser.RELEASED.equals(rs.getString(8))
                            ? settings.releases().resolve(rs.getString(9)).resolve(rs.getString(6)).resolve(rs.getString(7))
                            : settings.patches().resolve(rs.getString(4) + ".zstdpatch");
                    try {
                        byte[] original = ZstdPatch.apply(Files.readAllBytes(file), Files.readAllBytes(patch));
                        String sha = Sha256.hex(original);
                        if (!sha.equals(rs.getString(5))) {
                            mismatches.add(patch + ": rebuilds an original with SHA-256 " + sha + " from " + file
                                    + ", sha256_original is " + rs.getString(5));
                        }
                    } catch (IOException | RuntimeException e) {
                        mismatches.add(patch + ": cannot rebuild the original from " + file + " (" + e.getMessage() + ")");
                    }
                }
            }
        }
        return n;
    }
}
