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
import java.util.ArrayList;
import java.util.List;
import dev.tanken.activity.internal.IngestBackend.Accepted;
import dev.tanken.activity.internal.Micros;

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

    /**
     * Inserts entries from other applications (or loaded back from an archive) on the current
     * transaction, after making their months' partitions: an entry whose (app, source id) is in
     * {@code activity_keys} already, or whose (id, time) is stored, is skipped. Returns one element
     * per entry stored: its {@link Accepted#key()}, or its entry id when it has no source id.
     */
    public static List<String> ingest(Connection c, List<Accepted> entries, PostgresActivityPartitions partitions)
            throws SQLException {
        int n = entries.size();
        UUID[] ids = new UUID[n];
        Long[] micros = new Long[n];
        String[][] text = new String[7][n];
        List<Instant> times = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Accepted a = entries.get(i);
            ActivityEntry e = a.entry();
            ids[i] = e.id();
            micros[i] = Micros.of(e.occurredAt());
            times.add(e.occurredAt());
            text[0][i] = e.actor();
            text[1][i] = e.action();
            text[2][i] = e.subjectType();
            text[3][i] = e.subjectId();
            text[4][i] = e.payloadJson();
            text[5][i] = e.app();
            text[6][i] = a.sourceId();
        }
        partitions.ensure(c, PostgresActivityPartitions.months(times));
        List<String> inserted = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(PostgresActivitySql.INGEST)) {
            ps.setArray(1, c.createArrayOf("uuid", ids));
            ps.setArray(2, c.createArrayOf("bigint", micros));
            for (int k = 0; k < 7; k++) {
                ps.setArray(3 + k, c.createArrayOf("text", text[k]));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String sourceId = rs.getString(2);
                    inserted.add(sourceId == null ? rs.getString(3) : Accepted.key(rs.getString(1), sourceId));
                }
            }
        }
        return inserted;
    }

    /** An entry from a row of {@link PostgresActivitySql#COLUMNS}. */
    public static ActivityEntry read(ResultSet rs) throws SQLException {
        UUID id = rs.getObject(1, UUID.class);
        Instant at = rs.getObject(2, OffsetDateTime.class).toInstant();
        return ActivityRows.read(id, at, rs);
    }
}
