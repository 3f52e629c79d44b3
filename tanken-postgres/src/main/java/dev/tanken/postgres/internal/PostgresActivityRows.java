package dev.tanken.postgres.internal;

import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.internal.ActivityRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Activity rows on PostgreSQL: uuid and timestamptz columns. */
public final class PostgresActivityRows {
    private PostgresActivityRows() {
    }

    /** Inserts one entry on the connection's current transaction. */
    public static void insert(Connection c, ActivityEntry e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PostgresActivitySql.INSERT)) {
            ps.setObject(1, e.id());
            ps.setObject(2, PostgresActivitySql.timestamptz(e.occurredAt()));
            ActivityRows.bindNames(ps, e);
            ps.setString(7, e.payloadJson());
            ps.setString(8, e.app());
            ps.executeUpdate();
        } catch (SQLException ex) {
            if ("23505".equals(ex.getSQLState())) {
                throw ActivityRows.duplicate(e);
            }
            throw ex;
        }
    }

    /** An entry from a row of {@link PostgresActivitySql#COLUMNS}. */
    public static ActivityEntry read(ResultSet rs) throws SQLException {
        UUID id = rs.getObject(1, UUID.class);
        Instant at = rs.getObject(2, OffsetDateTime.class).toInstant();
        return ActivityRows.read(id, at, rs);
    }
}
