package dev.tanken.postgres;

import dev.tanken.activity.ActivityQuery;
import dev.tanken.activity.ActivityLog;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.ConflictException;
import dev.tanken.InvalidInputException;
import dev.tanken.StorageException;
import dev.tanken.activity.internal.ActivityCursor;
import dev.tanken.activity.internal.ActivityPages;
import dev.tanken.postgres.internal.PostgresActivityRows;
import dev.tanken.activity.ActivityMaintenance;
import dev.tanken.postgres.internal.PostgresActivityMaintenance;
import dev.tanken.postgres.internal.PostgresActivityPartitions;
import java.time.Instant;
import java.time.YearMonth;
import dev.tanken.activity.internal.JdbcActivityMaintenance;
import dev.tanken.activity.internal.Micros;
import dev.tanken.postgres.internal.PostgresActivitySql;
import dev.tanken.activity.internal.SqlQuery;
import dev.tanken.model.Page;
import dev.tanken.postgres.internal.PostgresErrors;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import dev.tanken.activity.ActivityChain;
import dev.tanken.activity.ActivityIngest;
import dev.tanken.activity.internal.ChainBackend;
import dev.tanken.activity.internal.StoredEntry;
import dev.tanken.activity.internal.JdbcActivityChain;
import dev.tanken.activity.internal.IngestBackend;
import dev.tanken.activity.internal.JdbcActivityIngest;
import java.sql.Connection;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The activity log in PostgreSQL: table {@code activity_log} in the Tanken schema, payload as
 * jsonb, a btree per filter column that also yields the newest-first order, and a GIN index
 * ({@code jsonb_path_ops}) for payload equality. Searches force custom plans (see
 * {@link PostgresActivitySql#SEARCH_SETTINGS}).
 *
 * <p>Obtain one from {@link dev.tanken.postgres.PostgresDatabaseService#activityLog()}, which
 * shares the service's connection pool, or with {@link #using(DataSource)}.
 */
public final class PostgresActivityLog implements ActivityLog {
    /** Rows buffered before they are handed to COPY. */
    private static final int COPY_BUFFER_BYTES = 1 << 20;

    private final DataSource dataSource;
    private final ActivityIngest ingest;
    private final ActivityChain chain;
    private final PostgresActivityPartitions partitions = new PostgresActivityPartitions();
    private final PostgresActivityMaintenance maintenance;
    private volatile boolean closed;

    private PostgresActivityLog(DataSource dataSource) {
        this.dataSource = dataSource;
        Backend backend = new Backend();
        this.ingest = new JdbcActivityIngest(backend, Clock.systemUTC());
        this.chain = new JdbcActivityChain(backend, Clock.systemUTC());
        this.maintenance = new PostgresActivityMaintenance(backend, Clock.systemUTC(), partitions, chain);
    }

    @Override
    public ActivityMaintenance maintenance() {
        return maintenance;
    }

    /**
     * Makes partitions for the month of {@code now} and {@code monthsAhead} months after it, and moves
     * any rows the default partition holds into their months' partitions; returns the partitions made.
     */
    public List<String> prepareMonths(Instant now, int monthsAhead) {
        return maintenance.prepareMonths(now, monthsAhead);
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
     * The ingest path and the hash chain on this log's data source: a batch of rows in one statement
     * (unnest).
     */
    private final class Backend implements ChainBackend {
        @Override
        public String entryColumns() {
            return PostgresActivitySql.CHAIN_ENTRY_COLUMNS;
        }

        @Override
        public long micros(ResultSet rs, int column) throws SQLException {
            return Micros.of(rs.getObject(column, java.time.OffsetDateTime.class).toInstant());
        }

        @Override
        public void lockSealer(Connection c) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute(PostgresActivitySql.LOCK_SEALER);
            }
        }

        @Override
        public void insertLinks(Connection c, List<NewLink> links) throws SQLException {
            int n = links.size();
            String[] apps = new String[n];
            Long[] seqs = new Long[n];
            String[] ids = new String[n];
            Long[] times = new Long[n];
            String[] hashes = new String[n];
            Long[] sealed = new Long[n];
            for (int i = 0; i < n; i++) {
                NewLink l = links.get(i);
                apps[i] = l.app();
                seqs[i] = l.seq();
                ids[i] = l.entryId();
                times[i] = l.occurredAt();
                hashes[i] = l.hash();
                sealed[i] = l.sealedAt();
            }
            try (PreparedStatement ps = c.prepareStatement(PostgresActivitySql.INSERT_LINKS)) {
                ps.setArray(1, c.createArrayOf("text", apps));
                ps.setArray(2, c.createArrayOf("bigint", seqs));
                ps.setArray(3, c.createArrayOf("text", ids));
                ps.setArray(4, c.createArrayOf("bigint", times));
                ps.setArray(5, c.createArrayOf("text", hashes));
                ps.setArray(6, c.createArrayOf("bigint", sealed));
                ps.executeUpdate();
            }
        }

        @Override
        public List<Queued> takeQueued(Connection c, int limit) throws SQLException {
            List<Queued> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(PostgresActivitySql.TAKE_QUEUED)) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long n = rs.getLong(1);
                        if (rs.getString(4) != null) {
                            out.add(new Queued(n, StoredEntry.read(rs, 2, this)));
                        } else {
                            out.add(new Queued(n, queuedBeforeCopies(c, rs.getString(2), rs.getObject(3,
                                    java.time.OffsetDateTime.class))));
                        }
                    }
                }
            }
            out.sort(java.util.Comparator.comparingLong(Queued::n));
            return out;
        }

        /** The row of an entry queued before the queue held copies; null when it is gone (it just leaves the queue). */
        private StoredEntry queuedBeforeCopies(Connection c, String id, java.time.OffsetDateTime at)
                throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(PostgresActivitySql.QUEUED_BEFORE_COPIES)) {
                ps.setString(1, id);
                ps.setObject(2, at);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? StoredEntry.read(rs, 1, this) : null;
                }
            }
        }

        @Override
        public void deletePending(Connection c, long[] ns) throws SQLException {
            Long[] boxed = new Long[ns.length];
            for (int i = 0; i < ns.length; i++) {
                boxed[i] = ns[i];
            }
            try (PreparedStatement ps = c.prepareStatement(PostgresActivitySql.DELETE_PENDING)) {
                ps.setArray(1, c.createArrayOf("bigint", boxed));
                ps.executeUpdate();
            }
        }

        @Override
        public <T> T write(String operation, Work<T> work) {
            return call(operation, c -> {
                boolean autoCommit = c.getAutoCommit();
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(autoCommit);
                }
            });
        }

        @Override
        public <T> T read(String operation, Work<T> work) {
            return call(operation, work::run);
        }

        @Override
        public Set<String> insert(Connection c, List<Accepted> entries) throws SQLException {
            return new HashSet<>(PostgresActivityRows.ingest(c, entries, partitions));
        }

        @Override
        public String toString() {
            return PostgresActivityLog.this.toString();
        }
    }

    /**
     * A log on a data source whose connections have the Tanken schema first on their search path
     * and whose schema is current, e.g. the pool of an open {@link
     * dev.tanken.postgres.PostgresDatabaseService}. {@link #close()} leaves the data source open.
     */
    public static PostgresActivityLog using(DataSource dataSource) {
        if (dataSource == null) {
            throw new InvalidInputException("data source must not be null");
        }
        return new PostgresActivityLog(dataSource);
    }

    @Override
    public int appendAll(Collection<ActivityEntry> entries) {
        List<ActivityEntry> list = ActivityPages.requireEntries(entries);
        if (list.isEmpty()) {
            return 0;
        }
        int n = list.size();
        UUID[] ids = new UUID[n];
        Long[] micros = new Long[n];
        String[] actors = new String[n];
        String[] actions = new String[n];
        String[] types = new String[n];
        String[] subjects = new String[n];
        String[] payloads = new String[n];
        String[] apps = new String[n];
        for (int i = 0; i < n; i++) {
            ActivityEntry e = list.get(i);
            ids[i] = e.id();
            micros[i] = Micros.of(e.occurredAt());
            actors[i] = e.actor();
            actions[i] = e.action();
            types[i] = e.subjectType();
            subjects[i] = e.subjectId();
            payloads[i] = e.payloadJson();
            apps[i] = e.app();
        }
        Set<java.time.YearMonth> months = PostgresActivityPartitions.months(list.stream().map(ActivityEntry::occurredAt)
                .toList());
        return call("append " + n + " activity entries", c -> {
            partitions.ensure(c, months);
            try (PreparedStatement ps = c.prepareStatement(PostgresActivitySql.APPEND)) {
                ps.setArray(1, c.createArrayOf("uuid", ids));
                ps.setArray(2, c.createArrayOf("bigint", micros));
                ps.setArray(3, c.createArrayOf("text", actors));
                ps.setArray(4, c.createArrayOf("text", actions));
                ps.setArray(5, c.createArrayOf("text", types));
                ps.setArray(6, c.createArrayOf("text", subjects));
                ps.setArray(7, c.createArrayOf("text", payloads));
                ps.setArray(8, c.createArrayOf("text", apps));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<ActivityEntry> find(UUID id) {
        if (id == null) {
            throw new InvalidInputException("activity entry id must not be null");
        }
        return call("find activity entry " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(PostgresActivitySql.FIND)) {
                ps.setObject(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(PostgresActivityRows.read(rs)) : Optional.empty();
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
        int fetch = query.limit() + 1;
        if (PostgresActivitySql.readsByMonth(query)) {
            return ActivityPages.page(searchByMonth(query, fetch, indexedPathsCached()), query);
        }
        PostgresActivitySql.Search search = PostgresActivitySql.search(query, fetch,
                query.where().isEmpty() ? List.of() : indexedPathsCached());
        SqlQuery sql = search.sql();
        String settings = search.settings();
        List<ActivityEntry> rows = call("search the activity log", c -> {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute(settings);
                }
                List<ActivityEntry> found = new ArrayList<>();
                boolean budgetSpent = false;
                try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (!search.bounded() || rs.getBoolean(9)) {
                            found.add(PostgresActivityRows.read(rs));
                        }
                        budgetSpent |= search.bounded() && rs.getLong(10) == PostgresActivitySql.SCAN_BUDGET;
                    }
                }
                c.commit();
                if (budgetSpent && found.size() < fetch) {
                    throw new InvalidInputException("the search examined " + PostgresActivitySql.SCAN_BUDGET
                            + " entries without filling the page: no index answers " + unindexed(query)
                            + "; narrow the time range (--since/--until), add an app, actor, action or subject"
                            + " filter, or index the path (tanken activity index add PATH)");
                }
                return found.size() > fetch ? found.subList(0, fetch) : found;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        });
        return ActivityPages.page(rows, query);
    }

    /**
     * A page read a window of months at a time, newest first, until it is full: each statement is
     * pruned to its window's partitions, so a rare value costs the matches of the months the page
     * reaches instead of those of the whole log. The windows cover every time between them (a
     * month without a partition is read from the default partition by the window that spans it),
     * and each returns its rows newest first, so their concatenation is the page in order. Each
     * statement has its own snapshot, as separate pages do: the windows are disjoint in time, so an
     * entry committed meanwhile is returned once or not at all, never twice.
     */
    private List<ActivityEntry> searchByMonth(ActivityQuery query, int fetch, List<IndexedPath> indexed) {
        return call("search the activity log", c -> {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                // The settings and the partitions in one round trip.
                List<YearMonth> months = new ArrayList<>();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        PostgresActivitySql.settingsFor(query) + ", " + PostgresActivitySql.PARTITION_NAMES)) {
                    rs.next();
                    java.sql.Array names = rs.getArray(rs.getMetaData().getColumnCount());
                    if (names != null) {
                        for (String name : (String[]) names.getArray()) {
                            PostgresActivityPartitions.month(name).ifPresent(months::add);
                        }
                    }
                }
                List<ActivityEntry> found = new ArrayList<>();
                for (Instant[] w : monthWindows(months, JdbcActivityMaintenance.monthOf(Instant.now()), query)) {
                    SqlQuery sql = PostgresActivitySql.search(query, fetch - found.size(), indexed, w[0], w[1]).sql();
                    try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.add(PostgresActivityRows.read(rs));
                        }
                    }
                    if (found.size() >= fetch) {
                        break;
                    }
                }
                c.commit();
                return found;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        });
    }

    /**
     * The windows [from, to) of a month-by-month search, newest first, either end null for open:
     * the current month and everything after it, then each older month that has a partition (with
     * any months without one above it, up to the previous window), then everything older. Windows
     * the query's time range or cursor excludes are left out.
     */
    static List<Instant[]> monthWindows(List<YearMonth> partitions, YearMonth current, ActivityQuery q) {
        List<Instant[]> all = new ArrayList<>();
        Instant upper = JdbcActivityMaintenance.monthStart(current);
        all.add(new Instant[] {upper, null});
        List<YearMonth> older = new ArrayList<>(partitions);
        older.sort(java.util.Comparator.reverseOrder());
        for (YearMonth m : older) {
            if (m.isBefore(current)) {
                Instant lower = JdbcActivityMaintenance.monthStart(m);
                all.add(new Instant[] {lower, upper});
                upper = lower;
            }
        }
        all.add(new Instant[] {null, upper});
        Instant newest = q.until();
        if (q.cursor() != null) {
            Instant at = ActivityCursor.of(q).instant();
            // The cursor's own instant may still hold entries (a smaller id): inclusive.
            newest = newest == null || at.isBefore(newest) ? at.plusNanos(1) : newest;
        }
        List<Instant[]> out = new ArrayList<>();
        for (Instant[] w : all) {
            boolean afterRange = newest != null && w[0] != null && !w[0].isBefore(newest);
            boolean beforeRange = q.since() != null && w[1] != null && !w[1].isAfter(q.since());
            if (!afterRange && !beforeRange) {
                out.add(w);
            }
        }
        return out;
    }

    private static String unindexed(ActivityQuery query) {
        return query.where().stream().map(c -> c.operation() + " " + String.join(".", c.path()))
                .distinct().collect(java.util.stream.Collectors.joining(", "));
    }

    /** How long a search trusts its list of indexed paths: an index added elsewhere is used this late. */
    private static final long INDEXED_PATHS_TTL_NANOS = 10_000_000_000L;

    private volatile List<IndexedPath> indexedPaths;
    private volatile long indexedPathsRead;

    private List<IndexedPath> indexedPathsCached() {
        List<IndexedPath> known = indexedPaths;
        if (known == null || System.nanoTime() - indexedPathsRead > INDEXED_PATHS_TTL_NANOS) {
            known = indexedPaths();
            indexedPaths = known;
            indexedPathsRead = System.nanoTime();
        }
        return known;
    }

    /** The payload paths with an expression index of their own ({@link #addIndexedPath}), valid ones only. */
    public List<IndexedPath> indexedPaths() {
        return call("list the indexed payload paths", c -> {
            List<IndexedPath> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(PostgresActivitySql.INDEXED_PATHS)) {
                while (rs.next()) {
                    IndexedPath p = describedPath(rs.getString(2));
                    if (p != null && rs.getBoolean(3)) {
                        out.add(p);
                    }
                }
            }
            return List.copyOf(out);
        });
    }

    /**
     * Creates the expression index for {@code path} unless it exists, without blocking writers
     * ({@code CREATE INDEX CONCURRENTLY}: the log keeps taking entries while it builds; on a large
     * log this takes minutes), then refreshes the planner's statistics for it. An index a failed
     * build left invalid is dropped and built again. Returns true if it was created.
     */
    public boolean addIndexedPath(IndexedPath path) {
        if (path == null) {
            throw new InvalidInputException("indexed path must not be null");
        }
        String name = PostgresActivitySql.indexName(path);
        String description = describe(path);
        boolean created = call("index payload path " + path.path(), c -> {
            Boolean valid = null;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(PostgresActivitySql.INDEXED_PATHS)) {
                while (rs.next()) {
                    if (rs.getString(1).equals(name)) {
                        valid = rs.getBoolean(3);
                    }
                }
            }
            if (Boolean.TRUE.equals(valid)) {
                return false;
            }
            String create;
            String comment;
            try (PreparedStatement ps = c.prepareStatement(PostgresActivitySql.INDEX_DDL)) {
                String[] segments = path.path().toArray(String[]::new);
                ps.setString(1, name);
                ps.setString(2, path.type().toString());
                ps.setArray(3, c.createArrayOf("text", segments));
                ps.setArray(4, c.createArrayOf("text", segments));
                ps.setString(5, name);
                ps.setString(6, description);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    create = rs.getString(1);
                    comment = rs.getString(2);
                }
            }
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                if (isPartitioned(c)) {
                    indexPartitions(c, s, path, name);
                } else {
                    if (valid != null) {
                        s.execute("DROP INDEX CONCURRENTLY IF EXISTS \"" + name + "\"");
                    }
                    try {
                        s.execute(create);
                    } catch (SQLException e) {
                        s.execute("DROP INDEX CONCURRENTLY IF EXISTS \"" + name + "\"");
                        throw e;
                    }
                }
                s.execute(comment);
                s.execute("ANALYZE activity_log");
            } finally {
                c.setAutoCommit(autoCommit);
            }
            return true;
        });
        indexedPaths = null;
        return created;
    }

    private static boolean isPartitioned(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT relkind = 'p' FROM pg_class WHERE oid = 'activity_log'::regclass")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /**
     * A partitioned table takes no {@code CREATE INDEX CONCURRENTLY}: the index is declared on the
     * log alone (invalid, and so unused, until every partition has its part), then built on each
     * partition without blocking writers and attached. Partitions made later get it from the
     * declaration. Each step is idempotent, so a build that failed half-way is finished by running
     * it again.
     */
    private static void indexPartitions(Connection c, Statement s, IndexedPath path, String name) throws SQLException {
        String expression;
        try (PreparedStatement ps = c.prepareStatement(PostgresActivitySql.INDEX_EXPRESSION)) {
            String[] segments = path.path().toArray(String[]::new);
            ps.setString(1, path.type().toString());
            ps.setArray(2, c.createArrayOf("text", segments));
            ps.setArray(3, c.createArrayOf("text", segments));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                expression = rs.getString(1);
            }
        }
        s.execute("CREATE INDEX IF NOT EXISTS \"" + name + "\" ON ONLY activity_log (" + expression + ")");
        List<String> missing = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(PostgresActivitySql.PARTITIONS_AND_INDEX)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!rs.getBoolean(2)) {
                        missing.add(rs.getString(1));
                    }
                }
            }
        }
        for (String partition : missing) {
            String part = name + "_" + partition.substring("activity_log_".length());
            s.execute("CREATE INDEX CONCURRENTLY IF NOT EXISTS \"" + part + "\" ON \"" + partition + "\" ("
                    + expression + ")");
            s.execute("ALTER INDEX \"" + name + "\" ATTACH PARTITION \"" + part + "\"");
        }
    }

    /** Drops the expression index of {@code path}; returns false if there was none. */
    public boolean removeIndexedPath(IndexedPath path) {
        if (path == null) {
            throw new InvalidInputException("indexed path must not be null");
        }
        String name = PostgresActivitySql.indexName(path);
        boolean removed = call("drop the index of payload path " + path.path(), c -> {
            boolean exists;
            try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    exists = rs.getBoolean(1);
                }
            }
            if (exists) {
                boolean autoCommit = c.getAutoCommit();
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    // A partitioned index cannot be dropped concurrently; dropping it drops its parts.
                    s.execute("DROP INDEX " + (isPartitioned(c) ? "" : "CONCURRENTLY ") + "IF EXISTS \"" + name + "\"");
                } finally {
                    c.setAutoCommit(autoCommit);
                }
            }
            return exists;
        });
        indexedPaths = null;
        return removed;
    }

    private static String describe(IndexedPath p) {
        var o = dev.tanken.activity.internal.Json.nodes().objectNode();
        p.path().forEach(o.putArray("path")::add);
        o.put("type", p.type().toString());
        return dev.tanken.activity.internal.Json.write(o);
    }

    /** The path an index's comment describes, or null for a comment this class did not write. */
    private static IndexedPath describedPath(String comment) {
        if (comment == null) {
            return null;
        }
        try {
            var node = dev.tanken.activity.internal.Json.parse(comment, "index comment");
            List<String> segments = new ArrayList<>();
            node.get("path").forEach(n -> segments.add(n.textValue()));
            return new IndexedPath(segments, IndexedPath.Type.parse(node.get("type").textValue()));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * COPY in text format, one transaction per chunk. Values are escaped for that format; the model
     * already keeps control characters out of names, and JSON text has none unescaped.
     */
    @Override
    public long load(Iterator<ActivityEntry> entries, int chunkSize) {
        if (entries == null) {
            throw new InvalidInputException("entries must not be null");
        }
        if (chunkSize < 1) {
            throw new InvalidInputException("chunk size must be at least 1, got " + chunkSize);
        }
        return call("load activity entries", c -> {
            PGConnection pg = c.unwrap(PGConnection.class);
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            long loaded = 0;
            try {
                while (entries.hasNext()) {
                    List<ActivityEntry> chunk = new ArrayList<>(Math.min(chunkSize, 100_000));
                    while (chunk.size() < chunkSize && entries.hasNext()) {
                        chunk.add(entries.next());
                    }
                    // COPY cannot make partitions as it goes: the chunk's months get theirs first.
                    partitions.ensure(c, PostgresActivityPartitions.months(chunk.stream()
                            .map(ActivityEntry::occurredAt).toList()));
                    CopyIn copy = pg.getCopyAPI().copyIn(PostgresActivitySql.COPY);
                    try {
                        ByteArrayOutputStream buffer = new ByteArrayOutputStream(COPY_BUFFER_BYTES + 4096);
                        int inChunk = 0;
                        for (ActivityEntry e : chunk) {
                            writeRow(buffer, e);
                            inChunk++;
                            if (buffer.size() >= COPY_BUFFER_BYTES) {
                                copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
                                buffer.reset();
                            }
                        }
                        if (buffer.size() > 0) {
                            copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
                        }
                        copy.endCopy();
                        c.commit();
                        loaded += inChunk;
                    } finally {
                        if (copy.isActive()) {
                            copy.cancelCopy();
                        }
                    }
                }
                // A month whose partition was dropped meanwhile sent its rows to the default partition.
                partitions.settleDefault(c);
                c.commit();
                return loaded;
            } catch (SQLException e) {
                c.rollback();
                if (PostgresErrors.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw new ConflictException("activity load stopped after " + loaded + " entries: an entry id is"
                            + " already stored (" + e.getMessage() + ")");
                }
                throw e;
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        });
    }

    private static void writeRow(ByteArrayOutputStream out, ActivityEntry e) {
        StringBuilder row = new StringBuilder(256);
        row.append(e.id()).append('\t').append(e.occurredAt()).append('\t');
        copyText(row, e.actor()).append('\t');
        copyText(row, e.action()).append('\t');
        copyText(row, e.subjectType()).append('\t');
        copyText(row, e.subjectId()).append('\t');
        copyText(row, e.payloadJson()).append('\t');
        copyText(row, e.app()).append('\n');
        byte[] bytes = row.toString().getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
    }

    private static StringBuilder copyText(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(ch);
            }
        }
        return b;
    }

    @Override
    public long count() {
        return call("count activity entries", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(PostgresActivitySql.COUNT)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "PostgresActivityLog[" + dataSource + "]";
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T call(String operation, Work<T> work) {
        if (closed) {
            throw new StorageException("PostgreSQL: " + operation + " failed: the activity log is closed");
        }
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw PostgresErrors.storageFailure(operation, e);
        }
    }
}
