package dev.tanken.activity.internal;

import dev.tanken.ConflictException;
import dev.tanken.StorageException;
import dev.tanken.activity.ActivityEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Reads and writes activity rows on both backends. The database services call {@link
 * #insertPostgres}/{@link #insertSqlite} inside their own transactions, so an action and its entry
 * commit together.
 */
public final class ActivityRows {
    private ActivityRows() {
    }

    /** Inserts one entry on the connection's current transaction. */
    public static void insertPostgres(Connection c, ActivityEntry e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PostgresActivitySql.INSERT)) {
            ps.setObject(1, e.id());
            ps.setObject(2, PostgresActivitySql.timestamptz(e.occurredAt()));
            bindNames(ps, e);
            ps.setString(7, e.payloadJson());
            ps.executeUpdate();
        } catch (SQLException ex) {
            if ("23505".equals(ex.getSQLState())) {
                throw duplicate(e);
            }
            throw ex;
        }
    }

    /** Inserts one entry on the connection's current transaction. */
    public static void insertSqlite(Connection c, ActivityEntry e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqliteActivitySql.INSERT)) {
            bindSqlite(ps, e);
            ps.executeUpdate();
        } catch (SQLException ex) {
            if (ex.getMessage() != null && ex.getMessage().contains("UNIQUE constraint failed: activity_log.id")) {
                throw duplicate(e);
            }
            throw ex;
        }
    }

    public static void bindSqlite(PreparedStatement ps, ActivityEntry e) throws SQLException {
        ps.setString(1, e.id().toString());
        ps.setLong(2, Micros.of(e.occurredAt()));
        bindNames(ps, e);
        ps.setString(7, e.payloadJson());
    }

    private static void bindNames(PreparedStatement ps, ActivityEntry e) throws SQLException {
        ps.setString(3, e.actor());
        ps.setString(4, e.action());
        ps.setString(5, e.subjectType());
        ps.setString(6, e.subjectId());
    }

    public static ConflictException duplicate(ActivityEntry e) {
        return new ConflictException("an activity entry with id " + e.id() + " already exists");
    }

    /** An entry from a row of {@link PostgresActivitySql#COLUMNS}. */
    public static ActivityEntry readPostgres(ResultSet rs) throws SQLException {
        UUID id = rs.getObject(1, UUID.class);
        Instant at = rs.getObject(2, OffsetDateTime.class).toInstant();
        return read(id, at, rs);
    }

    /** An entry from a row of {@link SqliteActivitySql#COLUMNS}. */
    public static ActivityEntry readSqlite(ResultSet rs) throws SQLException {
        String id = rs.getString(1);
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new StorageException("the database holds an activity entry with an invalid id '" + id + "'", e);
        }
        return read(uuid, Micros.toInstant(rs.getLong(2)), rs);
    }

    private static ActivityEntry read(UUID id, Instant at, ResultSet rs) throws SQLException {
        try {
            return new ActivityEntry(id, at, rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                    ActivityEntry.parsePayload(rs.getString(7)));
        } catch (RuntimeException e) {
            // Rows the model rejects were written by something else: not the caller's fault.
            throw new StorageException("the database holds an invalid activity entry " + id + ": " + e.getMessage(), e);
        }
    }
}
