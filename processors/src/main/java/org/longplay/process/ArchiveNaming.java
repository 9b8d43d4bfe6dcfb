package org.longplay.process;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.longplay.archive.ArchiveNames;
import org.longplay.archive.ArchiveNames.NameInputs;
import org.longplay.tags.CatalogTrackReader;
import org.longplay.tags.TrackMetadata;

/**
 * Reserves an archive file name for every track to process that has none yet, in rowid order, so
 * that of two tracks that would get the same name the later in rowid order gets
 * {@code " [<track_id>]"} (docs/contracts.md §5.3), whatever order they are processed in. A name once given is
 * kept: re-planning does not move files that may already be released.
 */
public final class ArchiveNaming {
    private static final int BATCH = 2_000;
    private static final String UNNAMED = """
            SELECT rowid FROM track_files
            WHERE rowid > ? AND status = 'todo' AND archive_name IS NULL
            ORDER BY rowid FETCH FIRST %d ROWS ONLY""".formatted(BATCH);

    private final DataSource catalog;

    public ArchiveNaming(DataSource catalog) {
        this.catalog = catalog;
    }

    /** Names every unnamed track to process; returns how many were named. */
    public long nameAll() throws SQLException {
        long named = 0;
        try (Connection connection = catalog.getConnection();
                PreparedStatement unnamed = connection.prepareStatement(UNNAMED);
                PreparedStatement holder = connection.prepareStatement(
                        "SELECT track_rowid FROM archive_names WHERE name_hash = ?");
                PreparedStatement reserve = connection.prepareStatement("INSERT INTO archive_names (name_hash, track_rowid) VALUES (?, ?)");
                PreparedStatement write = connection.prepareStatement("UPDATE track_files SET archive_name = ? WHERE rowid = ?");
                CatalogTrackReader reader = new CatalogTrackReader(connection)) {
            connection.setAutoCommit(false);
            long after = Long.MIN_VALUE;
            while (true) {
                List<Long> rowids = new ArrayList<>(BATCH);
                unnamed.setLong(1, after);
                try (ResultSet rs = unnamed.executeQuery()) {
                    while (rs.next()) {
                        rowids.add(rs.getLong(1));
                    }
                }
                if (rowids.isEmpty()) {
                    return named;
                }
                for (long rowid : rowids) {
                    TrackMetadata track = reader.read(rowid).orElse(null);
                    if (track == null) {
                        continue; // planned from a track the catalogue no longer has: plan again drops it
                    }
                    NameInputs inputs = inputs(track);
                    String name = ArchiveNames.filename(inputs);
                    if (!tryReserve(holder, reserve, name, rowid)) {
                        name = ArchiveNames.filename(inputs, true);
                        tryReserve(holder, reserve, name, rowid); // unique by track id; a taken hash of it is only a hash collision
                    }
                    write.setString(1, name);
                    write.setLong(2, rowid);
                    write.executeUpdate();
                    named++;
                }
                connection.commit();
                after = rowids.get(rowids.size() - 1);
            }
        }
    }

    /** Name inputs of a track (docs/contracts.md §5.3). */
    public static NameInputs inputs(TrackMetadata t) {
        return new NameInputs(t.popularity(), t.firstArtist(), t.releaseDate(), t.album(), t.albumId(), t.trackNumber(),
                t.title(), t.trackId());
    }

    /** True when the name is now this track's: free before, or already held by it. */
    private static boolean tryReserve(PreparedStatement holder, PreparedStatement reserve, String name, long rowid)
            throws SQLException {
        long hash = hash(name);
        holder.setLong(1, hash);
        try (ResultSet rs = holder.executeQuery()) {
            if (rs.next()) {
                return rs.getLong(1) == rowid;
            }
        }
        reserve.setLong(1, hash);
        reserve.setLong(2, rowid);
        reserve.executeUpdate();
        return true;
    }

    /** First 8 bytes of the SHA-256 of the name's UTF-8 form. */
    static long hash(String name) {
        return ByteBuffer.wrap(Sha256.digest().digest(name.getBytes(StandardCharsets.UTF_8))).getLong();
    }
}
