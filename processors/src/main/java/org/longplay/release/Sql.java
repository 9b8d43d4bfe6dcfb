package org.longplay.release;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** The few JDBC shapes the release code repeats: an IN list of parameters, a count, a stage's state. */
final class Sql {
    private Sql() {
    }

    /** {@code ?, ?, ?}: one parameter per value. */
    static String marks(List<?> values) {
        return String.join(", ", values.stream().map(x -> "?").toList());
    }

    /** Binds {@code values} as string parameters from index {@code first}; returns the next index. */
    static int bind(PreparedStatement s, int first, List<String> values) throws SQLException {
        int i = first;
        for (String v : values) {
            s.setString(i++, v);
        }
        return i;
    }

    /** The single number a query returns (0 for NULL). */
    static long count(Connection c, String sql, List<String> args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, 1, args);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The recorded state of a stage ({@code built}, {@code released}), or null when it was never built. */
    static String stateOf(Connection c, Stage stage) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT state FROM release_stages WHERE stage_id = ?")) {
            s.setString(1, stage.id());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
