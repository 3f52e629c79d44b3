package dev.tanken.sqlite.internal;

import dev.tanken.activity.internal.ActivityRows;
import dev.tanken.StorageException;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.sqlite.internal.SqliteActivityRows;
import dev.tanken.activity.internal.Micros;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** Activity rows on SQLite: ids as text, times as microseconds since the epoch. */
public final class SqliteActivityRows {
    private SqliteActivityRows() {
    }

    /** Inserts one entry on the connection's current transaction. */
    public static void insert(Connection c, ActivityEntry e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqliteActivitySql.INSERT)) {
            bind(ps, e);
            ps.executeUpdate();
        } catch (SQLException ex) {
            if (ex.getMessage() != null && ex.getMessage().contains("UNIQUE constraint failed: activity_log.id")) {
                throw ActivityRows.duplicate(e);
            }
            throw ex;
        }
    }

    public static void bind(PreparedStatement ps, ActivityEntry e) throws SQLException {
        ps.setString(1, e.id().toString());
        ps.setLong(2, Micros.of(e.occurredAt()));
        ActivityRows.bindNames(ps, e);
        ps.setString(7, e.payloadJson());
        ps.setString(8, e.app());
    }

    /** An entry from a row of {@link SqliteActivitySql#COLUMNS}. */
    public static ActivityEntry read(ResultSet rs) throws SQLException {
        String id = rs.getString(1);
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new StorageException("the database holds an activity entry with an invalid id '" + id + "'", e);
        }
        return ActivityRows.read(uuid, Micros.toInstant(rs.getLong(2)), rs);
    }
}
