package dev.tanken.sqlite;

import dev.tanken.activity.ActivityMaintenance;
import dev.tanken.sqlite.internal.SqliteActivityMaintenance;

import dev.tanken.activity.internal.ActivityPages;
import dev.tanken.activity.ActivityQuery;
import dev.tanken.activity.ActivityLog;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.ConflictException;
import dev.tanken.InvalidInputException;
import dev.tanken.sqlite.internal.SqliteActivityRows;
import dev.tanken.activity.internal.SqlQuery;
import dev.tanken.sqlite.internal.SqliteActivitySql;
import dev.tanken.model.Page;
import dev.tanken.sqlite.internal.SqlErrors;
import dev.tanken.sqlite.internal.SqliteConnections;
import dev.tanken.activity.ActivityChain;
import dev.tanken.activity.ActivityIngest;
import dev.tanken.activity.internal.ChainBackend;
import dev.tanken.activity.internal.JdbcActivityChain;
import dev.tanken.activity.internal.IngestBackend;
import dev.tanken.activity.internal.JdbcActivityIngest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.sqlite.SQLiteErrorCode;

/**
 * The activity log in the embedded SQLite file: table {@code activity_log}, payload as JSON text
 * searched with {@code json_extract}/{@code json_type}, one index per filter column in
 * newest-first order. Obtain one from {@link dev.tanken.sqlite.SqliteDatabaseService#activityLog()},
 * which shares the service's connections (and its single writer).
 */
public final class SqliteActivityLog implements ActivityLog {
    private final SqliteConnections db;
    private final ActivityIngest ingest;
    private final ActivityChain chain;

    private final ActivityMaintenance maintenance;

    private SqliteActivityLog(SqliteConnections db) {
        this.db = db;
        Backend backend = new Backend(db);
        this.ingest = new JdbcActivityIngest(backend, Clock.systemUTC());
        this.chain = new JdbcActivityChain(backend, Clock.systemUTC());
        this.maintenance = new SqliteActivityMaintenance(backend, Clock.systemUTC(), chain);
    }

    @Override
    public ActivityMaintenance maintenance() {
        return maintenance;
    }

    @Override
    public ActivityChain chain() {
        return chain;
    }

    @Override
    public ActivityIngest ingest() {
        return ingest;
    }

    /**
     * The ingest path and the hash chain on the service's connections: one row at a time, on
     * SQLite's single writer.
     */
    private record Backend(SqliteConnections db) implements ChainBackend {
        @Override
        public String entryColumns() {
            return "l.id, l.occurred_at, l.app, l.actor, l.action, l.subject_type, l.subject_id, l.source_id, l.payload";
        }

        @Override
        public long micros(ResultSet rs, int column) throws SQLException {
            return rs.getLong(column);
        }

        @Override
        public void lockSealer(Connection c) {
            // Every write transaction begins IMMEDIATE: this one is the only writer already.
        }

        @Override
        public void insertLinks(Connection c, List<NewLink> links) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO activity_chain (app, seq, entry_id,"
                    + " occurred_at, hash, sealed_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (NewLink l : links) {
                    ps.setString(1, l.app());
                    ps.setLong(2, l.seq());
                    ps.setString(3, l.entryId());
                    ps.setLong(4, l.occurredAt());
                    ps.setString(5, l.hash());
                    ps.setLong(6, l.sealedAt());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }

        @Override
        public void deletePending(Connection c, long[] ns) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM activity_unsealed WHERE n = ?")) {
                for (long n : ns) {
                    ps.setLong(1, n);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }

        @Override
        public <T> T write(String operation, Work<T> work) {
            return db.write(operation, work::run);
        }

        @Override
        public <T> T read(String operation, Work<T> work) {
            return db.read(operation, work::run);
        }

        @Override
        public Set<String> insert(Connection c, List<Accepted> entries) throws SQLException {
            Set<String> inserted = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement(SqliteActivitySql.INGEST)) {
                for (Accepted a : entries) {
                    SqliteActivityRows.bind(ps, a.entry());
                    ps.setString(9, a.sourceId());
                    if (ps.executeUpdate() == 1) {
                        inserted.add(a.key());
                    }
                }
            }
            return inserted;
        }
    }

    /**
     * A log on connections whose schema is current; for {@link
     * dev.tanken.sqlite.SqliteDatabaseService}. {@link #close()} leaves them open.
     */
    public static SqliteActivityLog sharing(SqliteConnections connections) {
        if (connections == null) {
            throw new InvalidInputException("connections must not be null");
        }
        return new SqliteActivityLog(connections);
    }

    @Override
    public int appendAll(Collection<ActivityEntry> entries) {
        List<ActivityEntry> list = ActivityPages.requireEntries(entries);
        if (list.isEmpty()) {
            return 0;
        }
        return db.write("append " + list.size() + " activity entries", c -> {
            int added = 0;
            try (PreparedStatement ps = c.prepareStatement(SqliteActivitySql.APPEND)) {
                for (ActivityEntry e : list) {
                    SqliteActivityRows.bind(ps, e);
                    added += ps.executeUpdate();
                }
            }
            return added;
        });
    }

    @Override
    public Optional<ActivityEntry> find(UUID id) {
        if (id == null) {
            throw new InvalidInputException("activity entry id must not be null");
        }
        return db.read("find activity entry " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(SqliteActivitySql.FIND)) {
                ps.setString(1, id.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(SqliteActivityRows.read(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Page<ActivityEntry> search(ActivityQuery query) {
        if (query == null) {
            throw new InvalidInputException("activity query must not be null");
        }
        if (query.limit() == 0) {
            return Page.empty();
        }
        SqlQuery sql = SqliteActivitySql.search(query, query.limit() + 1);
        List<ActivityEntry> rows = db.read("search the activity log", c -> {
            List<ActivityEntry> found = new ArrayList<>();
            try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(SqliteActivityRows.read(rs));
                }
            }
            return found;
        });
        return ActivityPages.page(rows, query);
    }

    /** One write transaction per chunk, one reused statement: SQLite's fastest way in. */
    @Override
    public long load(Iterator<ActivityEntry> entries, int chunkSize) {
        if (entries == null) {
            throw new InvalidInputException("entries must not be null");
        }
        if (chunkSize < 1) {
            throw new InvalidInputException("chunk size must be at least 1, got " + chunkSize);
        }
        long loaded = 0;
        while (entries.hasNext()) {
            long before = loaded;
            loaded += db.write("load activity entries", c -> {
                int n = 0;
                try (PreparedStatement ps = c.prepareStatement(SqliteActivitySql.INSERT)) {
                    while (n < chunkSize && entries.hasNext()) {
                        ActivityEntry e = entries.next();
                        SqliteActivityRows.bind(ps, e);
                        try {
                            ps.executeUpdate();
                        } catch (SQLException ex) {
                            if (SqlErrors.is(ex, SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE)) {
                                throw new ConflictException("activity load stopped after " + (before + n)
                                        + " entries: entry " + e.id() + " is already stored");
                            }
                            throw ex;
                        }
                        n++;
                    }
                }
                return n;
            });
        }
        return loaded;
    }

    @Override
    public long count() {
        return db.read("count activity entries", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SqliteActivitySql.COUNT)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public void close() {
        // The connections belong to the database service.
    }

    @Override
    public String toString() {
        return "SqliteActivityLog[" + db.file() + "]";
    }
}
