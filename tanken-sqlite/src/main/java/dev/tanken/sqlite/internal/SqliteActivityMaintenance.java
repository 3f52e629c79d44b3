package dev.tanken.sqlite.internal;

import dev.tanken.activity.ActivityChain;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.internal.IngestBackend;
import dev.tanken.activity.internal.IngestBackend.Accepted;
import dev.tanken.activity.internal.JdbcActivityMaintenance;
import dev.tanken.activity.internal.Micros;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Retention on SQLite, which has no partitions: an application's expired rows are deleted in
 * batches through its (app, occurred_at, id) index. Internal: not API.
 */
public final class SqliteActivityMaintenance extends JdbcActivityMaintenance {
    private static final String ROW = SqliteActivitySql.COLUMNS + ", source_id";

    public SqliteActivityMaintenance(IngestBackend db, Clock clock, ActivityChain chain) {
        super(db, clock, chain);
    }

    @Override
    protected OptionalLong lastLinkBefore(Connection c, String app, Instant cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT max(k.seq) FROM activity_chain k JOIN activity_log l"
                + " ON l.id = k.entry_id WHERE k.app = ? AND l.app = ? AND l.occurred_at < ?")) {
            ps.setString(1, app);
            ps.setString(2, app);
            ps.setLong(3, Micros.of(cutoff));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long seq = rs.getLong(1);
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(seq);
            }
        }
    }

    private static List<Accepted> read(PreparedStatement ps) throws SQLException {
        List<Accepted> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Accepted(SqliteActivityRows.read(rs), rs.getString(9)));
            }
        }
        return out;
    }

    @Override
    protected Optional<ActivityEntry> lastBefore(Connection c, String app, Instant cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ROW + " FROM activity_log WHERE app = ?"
                + " AND occurred_at < ? ORDER BY occurred_at DESC, id DESC LIMIT 1")) {
            ps.setString(1, app);
            ps.setLong(2, Micros.of(cutoff));
            return read(ps).stream().findFirst().map(Accepted::entry);
        }
    }

    @Override
    protected Optional<Instant> oldestBefore(Connection c, String app, Instant cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT min(occurred_at) FROM activity_log WHERE app = ?"
                + " AND occurred_at < ?")) {
            ps.setString(1, app);
            ps.setLong(2, Micros.of(cutoff));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long t = rs.getLong(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(Micros.toInstant(t));
            }
        }
    }

    @Override
    protected List<Accepted> take(Connection c, String app, Instant from, Instant to) throws SQLException {
        List<Accepted> rows;
        // One writer: nothing comes between the read and the delete of the same range.
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ROW + " FROM activity_log WHERE app = ?"
                + " AND occurred_at >= ? AND occurred_at < ? ORDER BY occurred_at, id")) {
            ps.setString(1, app);
            ps.setLong(2, Micros.of(from));
            ps.setLong(3, Micros.of(to));
            rows = read(ps);
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM activity_log WHERE app = ?"
                + " AND occurred_at >= ? AND occurred_at < ?")) {
            ps.setString(1, app);
            ps.setLong(2, Micros.of(from));
            ps.setLong(3, Micros.of(to));
            ps.executeUpdate();
        }
        return rows;
    }

    @Override
    protected int deleteBatch(Connection c, String app, Instant cutoff, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM activity_log WHERE seq IN (SELECT seq FROM"
                + " activity_log WHERE app = ? AND occurred_at < ? LIMIT ?)")) {
            ps.setString(1, app);
            ps.setLong(2, Micros.of(cutoff));
            ps.setInt(3, limit);
            return ps.executeUpdate();
        }
    }

    @Override
    protected int restore(Connection c, List<Accepted> entries) throws SQLException {
        int stored = 0;
        try (PreparedStatement ps = c.prepareStatement(SqliteActivitySql.INGEST)) {
            for (Accepted a : entries) {
                SqliteActivityRows.bind(ps, a.entry());
                ps.setString(9, a.sourceId());
                stored += ps.executeUpdate();
            }
        }
        return stored;
    }
}
