package org.longplay.release;

import javax.sql.DataSource;
import org.longplay.catalog.CatalogLocks;
import org.longplay.common.Printable;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Releases one stage of the plan (docs/contracts.md §5.6, §6): freezes the collections it needs, builds it in
 * {@code releases/.partial-<id>/}, records it, renames the folder into place and lists its torrents in
 * {@code releases/torrents.json}.
 *
 * <h2>States and crashes</h2>
 * No row: nothing visible; a leftover partial folder is deleted and the stage built again (the same
 * catalogue gives the same bytes). {@code built}: the partial folder is complete and recorded; the
 * rename and the list are redone. {@code released}: final; releasing again says so and changes nothing.
 * A final folder without a row (the record was lost with the last half second of HSQLDB's log when
 * the process was killed) is accepted only if a fresh build is byte for byte the same.
 */
public final class Releaser {
    public static final String BUILT = "built";
    public static final String RELEASED = "released";

    private final ReleaseSettings settings;
    private final DataSource catalog;

    public Releaser(ReleaseSettings settings, DataSource catalog) {
        this.settings = settings;
        this.catalog = catalog;
    }

    /** A stage as {@code status} shows it. */
    public record StageStatus(Stage stage, String state, Instant releasedAt, int torrents, long files, long bytes, String waitingFor) {
        public boolean released() {
            return RELEASED.equals(state);
        }

        /** Released with no file at all ({@link Stage#emptyReason()} says why). */
        public boolean empty() {
            return released() && torrents == 0;
        }
    }

    public List<StageStatus> status() throws SQLException {
        try (Connection c = catalog.getConnection()) {
            Map<String, StageStatus> recorded = recorded(c);
            List<StageStatus> out = new ArrayList<>();
            for (Stage s : settings.plan().stages()) {
                StageStatus r = recorded.get(s.id());
                out.add(r != null ? new StageStatus(s, r.state(), r.releasedAt(), r.torrents(), r.files(), r.bytes(), null)
                        : new StageStatus(s, "pending", null, 0, 0, 0, waitingFor(c, s)));
            }
            return out;
        }
    }

    private Map<String, StageStatus> recorded(Connection c) throws SQLException {
        Map<String, StageStatus> out = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT stage_id, state, released_at, torrents, files, bytes FROM release_stages");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                Stage stage = settings.plan().stage(rs.getString(1)).orElse(null);
                if (stage != null) {
                    out.put(stage.id(), new StageStatus(stage, rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getInt(4),
                            rs.getLong(5), rs.getLong(6), null));
                }
            }
        }
        return out;
    }

    /** Why {@code stage} cannot be released yet, or null when its inputs are ready. */
    String waitingFor(Connection c, Stage stage) throws SQLException {
        switch (stage.kind()) {
            case METADATA -> {
                if (nothingPlanned(c)) {
                    return NOTHING_PLANNED;
                }
                long todo = Sql.count(c, "SELECT COUNT(*) FROM track_files WHERE status = 'todo'", List.of());
                return todo > 0 ? todo + " planned tracks are still to process" : null;
            }
            case MUSIC -> {
                if (ReleaseFiles.frozen(c, stage.collection(settings.collectionBase()))) {
                    return null;
                }
                if (nothingPlanned(c)) {
                    return NOTHING_PLANNED; // an empty band is released as empty: not before there is a plan
                }
                long todo = Sql.count(c, "SELECT COUNT(*) FROM track_files WHERE status = 'todo' AND track_popularity BETWEEN "
                        + stage.band().from() + " AND " + stage.band().to(), List.of());
                return todo > 0 ? todo + " tracks of popularity " + stage.band().label("-") + " are still to process" : null;
            }
            default -> {
                for (Stage music : settings.plan().music()) {
                    String state = Sql.stateOf(c, music);
                    if (!RELEASED.equals(state)) {
                        return "music stage " + music.id() + " is not released yet";
                    }
                }
                return null;
            }
        }
    }

    private static final String NOTHING_PLANNED = "nothing is planned yet (run import and plan)";

    private static boolean nothingPlanned(Connection c) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM track_files", List.of()) == 0;
    }

    /** The first stage in plan order that is not released and whose inputs are ready (or that is half published). */
    public ReleaseReport releaseNext(boolean dryRun) throws SQLException, IOException {
        try (CatalogLocks.Held locks = lock(dryRun)) {
            return next(dryRun);
        }
    }

    /**
     * A release shares the catalogue with workers (never with an import or a plan, which would change what it
     * freezes) and runs alone among releases; a dry run writes nothing and takes no lock.
     */
    private CatalogLocks.Held lock(boolean dryRun) throws SQLException {
        if (dryRun) {
            return null;
        }
        CatalogLocks.Held share = CatalogLocks.shared(catalog, CatalogLocks.CATALOGUE, "release");
        try {
            CatalogLocks.Held alone = CatalogLocks.exclusive(catalog, CatalogLocks.RELEASE, "release");
            return alone.andThen(share);
        } catch (SQLException | RuntimeException e) {
            share.close();
            throw e;
        }
    }

    private ReleaseReport next(boolean dryRun) throws SQLException, IOException {
        List<String> waiting = new ArrayList<>();
        try (Connection c = catalog.getConnection()) {
            for (Stage s : settings.plan().stages()) {
                String state = Sql.stateOf(c, s);
                if (RELEASED.equals(state)) {
                    continue;
                }
                String why = BUILT.equals(state) ? null : waitingFor(c, s);
                if (why == null) {
                    return release(s, dryRun);
                }
                waiting.add(s.id() + ": waits: " + why);
            }
        }
        return new ReleaseReport(null, waiting.isEmpty() ? "nothing left to release; every stage is released"
                : "nothing to release now", false, waiting, 0);
    }

    public ReleaseReport release(String stageId, boolean dryRun) throws SQLException, IOException {
        Stage stage = settings.plan().stage(stageId).orElseThrow(() -> new IllegalArgumentException(
                "no stage " + Printable.quote(stageId) + " in the release plan (longplay.release.stages): "
                        + String.join(", ", settings.plan().stages().stream().map(Stage::id).toList())));
        try (CatalogLocks.Held locks = lock(dryRun)) {
            return release(stage, dryRun);
        }
    }

    ReleaseReport release(Stage stage, boolean dryRun) throws SQLException, IOException {
        try (Connection c = catalog.getConnection()) {
            c.setAutoCommit(false);
            String state = Sql.stateOf(c, stage);
            if (RELEASED.equals(state)) {
                return new ReleaseReport(stage.id(), "already released; nothing changed", false, List.of(), 0);
            }
            if (BUILT.equals(state)) {
                if (dryRun) {
                    return new ReleaseReport(stage.id(), "dry run: built, waiting to be renamed into place; a release finishes it", false, List.of(), 0);
                }
                return publish(c, stage, "finished an interrupted release");
            }
            String why = waitingFor(c, stage);
            if (why != null) {
                return new ReleaseReport(stage.id(), "not ready: " + why, false, List.of(), 1);
            }
            long started = System.nanoTime();
            List<ReleaseFiles.Freeze> freezes = new ArrayList<>();
            for (Stage needed : collectionsOf(stage)) {
                freezes.add(freeze(c, needed, !dryRun));
            }
            List<String> problems = new ArrayList<>();
            freezes.forEach(f -> problems.addAll(f.problems()));
            if (!problems.isEmpty()) {
                List<String> lines = new ArrayList<>(problems.subList(0, Math.min(50, problems.size())));
                if (problems.size() > 50) {
                    lines.add("... and " + (problems.size() - 50) + " more");
                }
                return new ReleaseReport(stage.id(), (dryRun ? "dry run: " : "") + "cannot release: " + problems.size()
                        + " files are not as processed; nothing was released", false, lines, 1);
            }
            if (dryRun) {
                return new ReleaseReport(stage.id(), "dry run: nothing written", false, new ReleaseSurvey(settings, new StageBuilder(settings, catalog))
                        .describe(c, stage, freezes), 0);
            }
            return build(c, stage, (System.nanoTime() - started) / 1e9);
        }
    }

    /** The collections a stage needs frozen: all music ones for metadata, its own for music and patches. */
    private List<Stage> collectionsOf(Stage stage) {
        return switch (stage.kind()) {
            case METADATA -> settings.plan().music();
            case MUSIC, PATCHES -> List.of(stage);
            case FILE_METADATA, ALBUM_ART -> List.of();
        };
    }

    private ReleaseFiles.Freeze freeze(Connection c, Stage stage, boolean write) throws SQLException, IOException {
        String collection = stage.collection(settings.collectionBase());
        if (ReleaseFiles.frozen(c, collection)) {
            return ReleaseFiles.summary(c, collection);
        }
        ReleaseFiles files = new ReleaseFiles(settings);
        if (stage.kind() == StageKind.PATCHES) {
            return files.freezePatches(c, stage, settings.musicCollections(), write);
        }
        return files.freezeMusic(c, stage, write);
    }

    private ReleaseReport build(Connection c, Stage stage, double freezeSeconds) throws SQLException, IOException {
        Path partial = settings.partial(stage);
        Path target = settings.released(stage);
        Files.createDirectories(settings.releases());
        deleteTree(partial);
        Files.createDirectory(partial);
        long started = System.nanoTime();
        StageBuilder.Built built = new StageBuilder(settings, catalog).build(c, stage, partial);
        double buildSeconds = (System.nanoTime() - started) / 1e9;
        if (Files.exists(target)) {
            // A run renamed this stage into place and was killed before the catalogue's record of it reached
            // the disk (HSQLDB writes commits to its log up to half a second late). The stage is accepted
            // only if it is exactly what this catalogue builds.
            boolean same = sameTree(partial, target);
            deleteTree(partial);
            if (!same) {
                return new ReleaseReport(stage.id(), "cannot release: " + target + " exists, the catalogue has no record of it, "
                        + "and it differs from what this catalogue builds; move it away and release again", false, List.of(), 1);
            }
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM release_torrents WHERE stage_id = ?")) {
            del.setString(1, stage.id());
            del.executeUpdate();
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO release_torrents (stage_id, position, torrent_file, display_name, "
                + "group_name, btih, btmh, magnet_link, torrent_size, num_files, data_size, is_metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int position = 0;
            for (BuiltTorrent t : built.torrents()) {
                ins.setString(1, stage.id());
                ins.setInt(2, position++);
                ins.setString(3, t.torrentFile());
                ins.setString(4, t.torrentFile());
                ins.setString(5, t.groupName());
                ins.setString(6, t.torrent().btih());
                ins.setString(7, t.torrent().btmh());
                ins.setString(8, t.torrent().magnetLink());
                ins.setLong(9, t.torrentSize());
                ins.setLong(10, t.numFiles());
                ins.setLong(11, t.torrent().dataSize());
                ins.setBoolean(12, t.isMetadata());
                ins.addBatch();
            }
            if (!built.torrents().isEmpty()) { // an empty stage has no torrent; HSQLDB refuses an empty batch
                ins.executeBatch();
            }
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO release_stages (stage_id, kind, state, released_at, torrents, files, bytes) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ins.setString(1, stage.id());
            ins.setString(2, stage.kind().label());
            ins.setString(3, BUILT);
            ins.setLong(4, System.currentTimeMillis());
            ins.setInt(5, built.torrents().size());
            ins.setLong(6, built.files());
            ins.setLong(7, built.bytes());
            ins.executeUpdate();
        }
        c.commit();
        List<String> timings = new ArrayList<>();
        double hashing = built.torrents().stream().mapToDouble(BuiltTorrent::hashSeconds).sum();
        timings.add(String.format("took: %.3f s choosing the files (freeze), %.3f s building (%.3f s of it hashing)",
                freezeSeconds, buildSeconds, hashing));
        for (BuiltTorrent t : built.torrents()) {
            timings.add(String.format("hashed %s: %d bytes in %.3f s (%.0f MB/s)", t.torrentFile(), t.torrent().dataSize(),
                    t.hashSeconds(), t.torrent().dataSize() / 1e6 / Math.max(t.hashSeconds(), 1e-9)));
        }
        ReleaseReport report = publish(c, stage, built.torrents().isEmpty() ? "released empty: " + stage.emptyReason() : "released");
        List<String> lines = new ArrayList<>(report.lines());
        lines.addAll(timings);
        return new ReleaseReport(report.stageId(), report.outcome(), report.released(), lines, report.exitCode());
    }

    /** Renames the built stage into place, lists it in torrents.json, marks it released. */
    private ReleaseReport publish(Connection c, Stage stage, String outcome) throws SQLException, IOException {
        Path partial = settings.partial(stage);
        Path target = settings.released(stage);
        if (!Files.exists(target)) {
            if (!Files.isDirectory(partial)) {
                throw new IOException("stage " + stage.id() + " is recorded as built but neither " + partial + " nor " + target + " exists");
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        }
        TorrentsList.write(c, settings, stage.id());
        try (PreparedStatement s = c.prepareStatement("UPDATE release_stages SET state = ? WHERE stage_id = ?")) {
            s.setString(1, RELEASED);
            s.setString(2, stage.id());
            s.executeUpdate();
        }
        c.commit();
        List<String> lines = new ArrayList<>();
        long torrents = 0;
        long files = 0;
        long bytes = 0;
        try (PreparedStatement s = c.prepareStatement("SELECT torrent_file, btih, num_files, data_size FROM release_torrents "
                + "WHERE stage_id = ? ORDER BY position")) {
            s.setString(1, stage.id());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    torrents++;
                    files += rs.getLong(3);
                    bytes += rs.getLong(4);
                    lines.add(rs.getString(2) + "  " + rs.getString(1) + "  (" + rs.getLong(3) + " files, " + rs.getLong(4) + " bytes)");
                }
            }
        }
        lines.add(0, "into " + target + ": " + torrents + " torrents, " + files + " files, " + bytes + " bytes");
        return new ReleaseReport(stage.id(), outcome, true, lines, 0);
    }

    /** Whether two folders hold the same names with the same bytes (hard links to one file count as equal at once). */
    static boolean sameTree(Path a, Path b) throws IOException {
        List<Path> left;
        List<Path> right;
        try (var walk = Files.walk(a)) {
            left = walk.map(a::relativize).sorted().toList();
        }
        try (var walk = Files.walk(b)) {
            right = walk.map(b::relativize).sorted().toList();
        }
        if (!left.equals(right)) {
            return false;
        }
        for (Path rel : left) {
            Path x = a.resolve(rel);
            Path y = b.resolve(rel);
            if (Files.isDirectory(x) != Files.isDirectory(y)) {
                return false;
            }
            if (Files.isRegularFile(x) && !Files.isSameFile(x, y) && Files.mismatch(x, y) != -1) {
                return false;
            }
        }
        return true;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
