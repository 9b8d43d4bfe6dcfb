package org.longplay.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The {@code followers_log10} table: {@code log10(n)} as Java's {@link Math#log10} computes it, for every
 * {@code n = min(10^8, followers + 1)} the catalogue's artists have. Planning on PostgreSQL looks the followers
 * term up here instead of calling the server's log10, which differs from Java's (and so from HSQLDB's) in the
 * last bit for about 1.5% of integers: with it, both engines plan the same bits. Kept up to date by the import.
 */
public final class FollowersLog10 {
    /** The cap on followers + 1 of docs/contracts.md §4, rule 4. */
    public static final long CAP = 100_000_000L;

    private FollowersLog10() {
    }

    /** Adds the values the artists need and the table lacks; returns how many. */
    public static long refresh(Connection connection) throws SQLException {
        String n = "LEAST(" + CAP + ", a.followers_total + 1)";
        long added = 0;
        try (Statement query = connection.createStatement();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO followers_log10 (n, log10) VALUES (?, ?)")) {
            query.setFetchSize(10_000);
            // n = 1 is the term of a track without artists
            try (ResultSet rs = query.executeQuery("SELECT DISTINCT " + n + " FROM artists a"
                    + " WHERE NOT EXISTS (SELECT 1 FROM followers_log10 f WHERE f.n = " + n + ")"
                    + " UNION SELECT 1 FROM (VALUES (1)) one (x) WHERE NOT EXISTS (SELECT 1 FROM followers_log10 f WHERE f.n = 1)")) {
                while (rs.next()) {
                    long value = rs.getLong(1);
                    insert.setLong(1, value);
                    insert.setDouble(2, Math.log10(value));
                    insert.addBatch();
                    if (++added % 10_000 == 0) {
                        insert.executeBatch();
                    }
                }
            }
            if (added % 10_000 != 0) {
                insert.executeBatch();
            }
        }
        return added;
    }
}
