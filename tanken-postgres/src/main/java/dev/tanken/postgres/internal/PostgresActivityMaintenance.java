package dev.tanken.postgres.internal;

import dev.tanken.activity.ActivityArchive;
import dev.tanken.activity.ActivityChain;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.internal.IngestBackend;
import dev.tanken.activity.internal.IngestBackend.Accepted;
import dev.tanken.activity.internal.JdbcActivityMaintenance;
import dev.tanken.blob.BlobStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Retention on PostgreSQL: a month whose entries have all expired is detached and dropped whole,
 * which takes about as long whatever its size; elsewhere an application's expired rows are
 * deleted in batches. Internal: not API.
 */
public final class PostgresActivityMaintenance extends JdbcActivityMaintenance {
    /** A partition detached by retention and not yet archived and dropped (a run stopped half-way). */
    private static final Pattern DETACHED = Pattern.compile("activity_log_detached_([0-9]{4})_([0-9]{2})");
    /** How long a drop waits for the table's lock (queries running on it) before the run gives up. */
    private static final String LOCK_TIMEOUT = "SET LOCAL lock_timeout = '10s'";

    private static final String ROW = "id, occurred_at, actor, action, subject_type, subject_id, payload::text, app,"
            + " source_id";

    /**
     * Deleted entries still queued for the chain leave the queue in the same statement: the queue
     * holds copies of the rows (V11), which the sealer would otherwise seal as entries now missing.
     */
    private static final String QUEUED_GO = " q AS (DELETE FROM activity_unsealed q USING gone"
            + " WHERE q.id = gone.id AND q.occurred_at = gone.occurred_at)";

    private final PostgresActivityPartitions partitions;

    public PostgresActivityMaintenance(IngestBackend db, Clock clock, PostgresActivityPartitions partitions,
            ActivityChain chain) {
        super(db, clock, chain);
        this.partitions = partitions;
    }

    /** The current month and {@code monthsAhead} after it get partitions; rows in the default get theirs. */
    public List<String> prepareMonths(Instant now, int monthsAhead) {
        return prepare(now, monthsAhead);
    }

    @Override
    protected List<String> prepare(Instant now, int monthsAhead) {
        List<YearMonth> months = new ArrayList<>();
        YearMonth current = monthOf(now);
        for (int k = 0; k <= monthsAhead; k++) {
            months.add(current.plusMonths(k));
        }
        return db.read("prepare activity partitions", c -> {
            List<String> created = new ArrayList<>(partitions.settleDefault(c));
            created.addAll(partitions.ensure(c, months));
            return created;
        });
    }

    @Override
    protected Dropped dropExpiredPartitions(Map<String, Instant> cutoffs, Set<String> archiving, BlobStore blobs,
            List<ActivityArchive> archived) {
        List<String> dropped = new ArrayList<>();
        long entries = 0;
        // A run that stopped after detaching a month finishes it first: its rows were all expired.
        for (String table : db.read("list detached activity partitions", PostgresActivityMaintenance::detached)) {
            Matcher m = DETACHED.matcher(table);
            if (m.matches()) {
                entries += finish(table, YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))),
                        archiving, blobs, archived);
                dropped.add(table);
            }
        }
        if (cutoffs.isEmpty()) {
            return new Dropped(dropped, entries);
        }
        for (YearMonth month : db.read("list activity partitions", PostgresActivityPartitions::list)) {
            Instant end = monthStart(month.plusMonths(1));
            String table = PostgresActivityPartitions.name(month);
            if (!expired(db.read("list the apps of " + table, c -> appsIn(c, table)), cutoffs, end)) {
                continue;
            }
            String detached = "activity_log_detached_" + table.substring("activity_log_p".length());
            boolean done = db.write("detach " + table, c -> {
                try (Statement s = c.createStatement()) {
                    s.execute(LOCK_TIMEOUT);
                    s.execute(PostgresActivityPartitions.LOCK);
                    if (!PostgresActivityPartitions.list(c).contains(month)) {
                        return false;
                    }
                    s.execute("ALTER TABLE activity_log DETACH PARTITION " + table);
                    // Checked again under the lock: an entry of an app kept longer may have arrived.
                    if (!expired(appsIn(c, table), cutoffs, end)) {
                        c.rollback();
                        return false;
                    }
                    // Its entries still queued leave the queue with them, as they would leave the log: the
                    // queue holds copies of its rows, which the sealer would otherwise seal as missing entries.
                    try (PreparedStatement queued = c.prepareStatement(
                            "DELETE FROM activity_unsealed WHERE occurred_at >= ? AND occurred_at < ?")) {
                        queued.setObject(1, PostgresActivitySql.timestamptz(monthStart(month)));
                        queued.setObject(2, PostgresActivitySql.timestamptz(end));
                        queued.executeUpdate();
                    }
                    s.execute("ALTER TABLE " + table + " RENAME TO " + detached);
                }
                return true;
            });
            if (done) {
                partitions.forget(month);
                entries += finish(detached, month, archiving, blobs, archived);
                dropped.add(table);
            }
        }
        return new Dropped(dropped, entries);
    }

    @Override
    protected void lockArchives(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.activity_archives'))");
        }
    }

    /** True when the partition holds entries and every one of them is past its app's retention. */
    private static boolean expired(List<String> apps, Map<String, Instant> cutoffs, Instant end) {
        if (apps.isEmpty()) {
            return false;
        }
        for (String app : apps) {
            Instant cutoff = cutoffs.get(app);
            if (cutoff == null || cutoff.isBefore(end)) {
                return false;
            }
        }
        return true;
    }

    /** Archives what must be from a detached month, drops it, and forgets its entries' keys. */
    private long finish(String table, YearMonth month, Set<String> archiving, BlobStore blobs,
            List<ActivityArchive> archived) {
        for (String app : db.read("list the apps of " + table, c -> appsIn(c, table))) {
            if (archiving.contains(app)) {
                archived.add(db.write("archive " + app + " " + month, c -> archive(c, blobs, app, month,
                        readAll(c, table, app))));
            }
        }
        long count = db.read("count " + table, c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        });
        db.write("drop " + table, c -> {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE " + table);
            }
            return null;
        });
        Instant from = monthStart(month);
        Instant to = monthStart(month.plusMonths(1));
        while (true) {
            int n = db.write("forget the keys of " + table, c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM activity_keys WHERE ctid = ANY(ARRAY("
                        + "SELECT ctid FROM activity_keys WHERE occurred_at >= ? AND occurred_at < ? LIMIT ?))")) {
                    ps.setObject(1, PostgresActivitySql.timestamptz(from));
                    ps.setObject(2, PostgresActivitySql.timestamptz(to));
                    ps.setInt(3, DELETE_BATCH);
                    return ps.executeUpdate();
                }
            });
            if (n < DELETE_BATCH) {
                return count;
            }
        }
    }

    private static List<String> detached(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT relname FROM pg_class"
                + " WHERE relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND relkind = 'r'"
                + " AND relname LIKE 'activity\\_log\\_detached\\_%' ORDER BY relname")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The applications with entries in a table, by a skip scan over its (app, occurred_at, id) index. */
    private static List<String> appsIn(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("WITH RECURSIVE a (app) AS ("
                + " SELECT min(app) FROM " + table
                + " UNION ALL SELECT (SELECT min(t.app) FROM " + table + " t WHERE t.app > a.app) FROM a"
                + " WHERE a.app IS NOT NULL) SELECT app FROM a WHERE app IS NOT NULL")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static List<Accepted> readAll(Connection c, String table, String app) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ROW + " FROM " + table
                + " WHERE app = ? ORDER BY occurred_at, id")) {
            ps.setString(1, app);
            return read(ps);
        }
    }

    private static List<Accepted> read(PreparedStatement ps) throws SQLException {
        List<Accepted> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Accepted(PostgresActivityRows.read(rs), rs.getString(9)));
            }
        }
        return out;
    }

    /** Looks into months detached by a run that stopped half-way too: their entries go in this run. */
    @Override
    protected OptionalLong lastLinkBefore(Connection c, String app, Instant cutoff) throws SQLException {
        List<String> tables = new ArrayList<>(detached(c));
        tables.add("activity_log");
        OptionalLong highest = OptionalLong.empty();
        for (String table : tables) {
            try (PreparedStatement ps = c.prepareStatement("SELECT max(k.seq) FROM activity_chain k JOIN " + table
                    + " l ON l.id = k.entry_id WHERE k.app = ? AND l.app = ? AND l.occurred_at < ?")) {
                ps.setString(1, app);
                ps.setString(2, app);
                ps.setObject(3, PostgresActivitySql.timestamptz(cutoff));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long seq = rs.getLong(1);
                    if (!rs.wasNull() && (highest.isEmpty() || seq > highest.getAsLong())) {
                        highest = OptionalLong.of(seq);
                    }
                }
            }
        }
        return highest;
    }

    @Override
    protected Optional<ActivityEntry> lastBefore(Connection c, String app, Instant cutoff) throws SQLException {
        List<String> tables = new ArrayList<>(detached(c));
        tables.add("activity_log");
        ActivityEntry last = null;
        for (String table : tables) {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ROW + " FROM " + table + " WHERE app = ?"
                    + " AND occurred_at < ? ORDER BY occurred_at DESC, id DESC LIMIT 1")) {
                ps.setString(1, app);
                ps.setObject(2, PostgresActivitySql.timestamptz(cutoff));
                for (Accepted a : read(ps)) {
                    ActivityEntry e = a.entry();
                    int cmp = last == null ? 1 : e.occurredAt().compareTo(last.occurredAt());
                    if (cmp > 0 || (cmp == 0 && e.id().compareTo(last.id()) > 0)) {
                        last = e;
                    }
                }
            }
        }
        return Optional.ofNullable(last);
    }

    @Override
    protected Optional<Instant> oldestBefore(Connection c, String app, Instant cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT min(occurred_at) FROM activity_log WHERE app = ?"
                + " AND occurred_at < ?")) {
            ps.setString(1, app);
            ps.setObject(2, PostgresActivitySql.timestamptz(cutoff));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                OffsetDateTime t = rs.getObject(1, OffsetDateTime.class);
                return Optional.ofNullable(t).map(OffsetDateTime::toInstant);
            }
        }
    }

    @Override
    protected List<Accepted> take(Connection c, String app, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("WITH gone AS (DELETE FROM activity_log WHERE app = ?"
                + " AND occurred_at >= ? AND occurred_at < ? RETURNING " + ROW + "),"
                + " k AS (DELETE FROM activity_keys k USING gone WHERE k.app = gone.app AND k.source_id = gone.source_id),"
                + QUEUED_GO + " SELECT * FROM gone ORDER BY occurred_at, id")) {
            ps.setString(1, app);
            ps.setObject(2, PostgresActivitySql.timestamptz(from));
            ps.setObject(3, PostgresActivitySql.timestamptz(to));
            return read(ps);
        }
    }

    @Override
    protected int deleteBatch(Connection c, String app, Instant cutoff, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("WITH gone AS (DELETE FROM activity_log WHERE (id, occurred_at)"
                + " IN (SELECT id, occurred_at FROM activity_log WHERE app = ? AND occurred_at < ? LIMIT ?)"
                + " RETURNING id, occurred_at, app, source_id),"
                + " k AS (DELETE FROM activity_keys k USING gone WHERE k.app = gone.app AND k.source_id = gone.source_id),"
                + QUEUED_GO + " SELECT count(*) FROM gone")) {
            ps.setString(1, app);
            ps.setObject(2, PostgresActivitySql.timestamptz(cutoff));
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Override
    protected int restore(Connection c, List<Accepted> entries) throws SQLException {
        return PostgresActivityRows.ingest(c, entries, partitions).size();
    }
}
