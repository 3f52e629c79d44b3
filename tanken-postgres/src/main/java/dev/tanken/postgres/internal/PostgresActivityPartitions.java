package dev.tanken.postgres.internal;

import dev.tanken.activity.internal.JdbcActivityMaintenance;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monthly partitions of {@code activity_log}: {@code activity_log_pYYYY_MM} holds the month
 * [first day 00:00 UTC, first day of the next month), and {@code activity_log_default} catches
 * an entry whose month has none. A batch write makes its months' partitions first (see {@link
 * #ensure}), so the default partition stays empty but for entries written one at a time into a
 * month nobody prepared (Tanken's own, in a change's transaction, after months without maintenance);
 * a partition made later takes its rows over. Internal: not API.
 */
public final class PostgresActivityPartitions {
    public static final String DEFAULT_PARTITION = "activity_log_default";
    private static final String PREFIX = "activity_log_p";
    private static final Pattern NAME = Pattern.compile(PREFIX + "([0-9]{4})_([0-9]{2})");
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("uuuu_MM");
    /** Serialises partition changes within the schema, so that two writers never make one month twice. */
    static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.activity_log partitions'))";

    /** Months known to have a partition; a month dropped since then sends its entries to the default. */
    private final Set<YearMonth> known = ConcurrentHashMap.newKeySet();

    public static String name(YearMonth m) {
        return PREFIX + m.format(SUFFIX);
    }

    public static Optional<YearMonth> month(String name) {
        Matcher m = NAME.matcher(name);
        return m.matches() ? Optional.of(YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))))
                : Optional.empty();
    }

    /** A time as a timestamptz literal for DDL, where values cannot be bound. */
    static String literal(Instant t) {
        return "'" + t + "'";
    }

    /** The months that have a partition now, oldest first. */
    public static List<YearMonth> list(Connection c) throws SQLException {
        List<YearMonth> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT c.relname FROM pg_inherits i"
                + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'activity_log'::regclass")) {
            while (rs.next()) {
                month(rs.getString(1)).ifPresent(out::add);
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * Makes sure the months have partitions; returns the names of those it made. On a connection in
     * a transaction the partitions are made in it (and hold the table's lock until it ends), else
     * in a transaction of their own.
     */
    public List<String> ensure(Connection c, Collection<YearMonth> months) throws SQLException {
        if (known.containsAll(months)) {
            return List.of();
        }
        known.addAll(list(c));
        if (known.containsAll(months)) {
            return List.of();
        }
        boolean autoCommit = c.getAutoCommit();
        if (autoCommit) {
            c.setAutoCommit(false);
        }
        List<String> created = new ArrayList<>();
        try {
            try (Statement s = c.createStatement()) {
                s.execute(LOCK);
            }
            Set<YearMonth> existing = new TreeSet<>(list(c));
            for (YearMonth m : new TreeSet<>(months)) {
                if (!existing.contains(m)) {
                    create(c, m);
                    created.add(name(m));
                }
            }
            if (autoCommit) {
                c.commit();
            }
        } catch (SQLException | RuntimeException e) {
            if (autoCommit) {
                c.rollback();
            }
            throw e;
        } finally {
            if (autoCommit) {
                c.setAutoCommit(true);
            }
        }
        // Known only once committed: in a caller's transaction that may still roll back, the next
        // batch checks the catalog again.
        if (autoCommit) {
            known.addAll(months);
        }
        return created;
    }

    /**
     * Makes a month's partition, taking over the rows the default partition holds for it (a new
     * partition's range must not overlap rows in the default).
     */
    private static void create(Connection c, YearMonth m) throws SQLException {
        Instant from = JdbcActivityMaintenance.monthStart(m);
        Instant to = JdbcActivityMaintenance.monthStart(m.plusMonths(1));
        boolean inDefault;
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM " + DEFAULT_PARTITION
                + " WHERE occurred_at >= ?::timestamptz AND occurred_at < ?::timestamptz)")) {
            ps.setString(1, from.toString());
            ps.setString(2, to.toString());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                inDefault = rs.getBoolean(1);
            }
        }
        String range = " WHERE occurred_at >= " + literal(from) + " AND occurred_at < " + literal(to);
        try (Statement s = c.createStatement()) {
            if (inDefault) {
                s.execute("CREATE TEMP TABLE activity_log_moving (LIKE activity_log) ON COMMIT DROP");
                s.execute("WITH moved AS (DELETE FROM " + DEFAULT_PARTITION + range + " RETURNING *)"
                        + " INSERT INTO activity_log_moving SELECT * FROM moved");
            }
            s.execute("CREATE TABLE " + name(m) + " PARTITION OF activity_log FOR VALUES FROM (" + literal(from)
                    + ") TO (" + literal(to) + ")");
            if (inDefault) {
                long queuedBefore;
                try (ResultSet rs = s.executeQuery("SELECT coalesce(max(n), 0) FROM activity_unsealed")) {
                    rs.next();
                    queuedBefore = rs.getLong(1);
                }
                s.execute("INSERT INTO activity_log SELECT * FROM activity_log_moving");
                // The insert queued the moved rows for the chain again (its trigger cannot tell a move
                // from a new entry): they were queued, or sealed, when they were first stored, and a
                // second queue row would give the entry a second link.
                s.execute("DELETE FROM activity_unsealed u USING activity_log_moving m WHERE u.n > " + queuedBefore
                        + " AND u.id = m.id AND u.occurred_at = m.occurred_at");
                s.execute("DROP TABLE activity_log_moving");
            }
        }
    }

    /** Gives every row in the default partition its month's partition; returns those made. */
    public List<String> settleDefault(Connection c) throws SQLException {
        List<YearMonth> months = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT DISTINCT to_char(occurred_at"
                + " AT TIME ZONE 'UTC', 'YYYY-MM') FROM " + DEFAULT_PARTITION)) {
            while (rs.next()) {
                months.add(YearMonth.parse(rs.getString(1)));
            }
        }
        if (months.isEmpty()) {
            return List.of();
        }
        months.forEach(known::remove);
        return ensure(c, months);
    }

    /** The month of each time. */
    public static Set<YearMonth> months(Collection<Instant> times) {
        Set<YearMonth> out = new TreeSet<>();
        for (Instant t : times) {
            out.add(JdbcActivityMaintenance.monthOf(t));
        }
        return out;
    }

    /** Forgets a month (its partition was dropped). */
    public void forget(YearMonth m) {
        known.remove(m);
    }
}
