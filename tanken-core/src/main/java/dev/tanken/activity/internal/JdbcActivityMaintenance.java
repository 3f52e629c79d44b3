package dev.tanken.activity.internal;

import dev.tanken.InvalidInputException;
import dev.tanken.StorageException;
import dev.tanken.activity.ActivityArchive;
import dev.tanken.activity.ActivityChain;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ActivityMaintenance;
import dev.tanken.activity.ImportResult;
import dev.tanken.activity.MaintenanceOptions;
import dev.tanken.activity.MaintenanceReport;
import dev.tanken.activity.RetentionPolicy;
import dev.tanken.activity.internal.IngestBackend.Accepted;
import dev.tanken.blob.BlobStore;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Retention, archives and imports over JDBC for both backends. The policy and archive tables hold
 * text and integer columns only, so their SQL is written once here; what touches the activity rows
 * (their time and id types, partitions) is left to the backend. Internal: not API.
 */
public abstract class JdbcActivityMaintenance implements ActivityMaintenance {
    /** Rows removed per transaction when nothing is archived: short transactions, little lock time. */
    protected static final int DELETE_BATCH = 10_000;
    /** Entries per transaction on import. */
    private static final int IMPORT_BATCH = 1000;

    protected final IngestBackend db;
    protected final Clock clock;
    private final ActivityChain chain;
    private final Object running = new Object();

    /** @param chain the hash chains over the same log, anchored before retention drops entries; or null */
    protected JdbcActivityMaintenance(IngestBackend db, Clock clock, ActivityChain chain) {
        this.db = db;
        this.clock = clock;
        this.chain = chain;
    }

    // ---- policies

    @Override
    public void setRetention(RetentionPolicy policy) {
        if (policy == null) {
            throw new InvalidInputException("retention policy must not be null");
        }
        db.write("set the retention of " + policy.app(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO activity_retention (app, keep_days, archive)"
                    + " VALUES (?, ?, ?) ON CONFLICT (app) DO UPDATE SET keep_days = excluded.keep_days,"
                    + " archive = excluded.archive")) {
                ps.setString(1, policy.app());
                if (policy.keepDays() == null) {
                    ps.setNull(2, Types.INTEGER);
                } else {
                    ps.setInt(2, policy.keepDays());
                }
                ps.setInt(3, policy.archive() ? 1 : 0);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public RetentionPolicy retention(String app) {
        ActivityEntry.requireApp(app);
        return retentions().stream().filter(p -> p.app().equals(app)).findFirst()
                .orElse(RetentionPolicy.forever(app));
    }

    @Override
    public List<RetentionPolicy> retentions() {
        return db.read("list activity retention", c -> {
            List<RetentionPolicy> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT app, keep_days, archive FROM activity_retention"
                    + " ORDER BY app"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int days = rs.getInt(2);
                    Integer keepDays = rs.wasNull() ? null : days;
                    out.add(new RetentionPolicy(rs.getString(1), keepDays, rs.getInt(3) != 0));
                }
            }
            return out;
        });
    }

    /**
     * The first instant an application's entries are kept from: the start of the month (UTC) that
     * holds {@code now - keepDays}. Everything before it lies in months wholly older than the retention.
     */
    public static Instant cutoff(Instant now, int keepDays) {
        LocalDate day = now.minus(Duration.ofDays(keepDays)).atOffset(ZoneOffset.UTC).toLocalDate();
        return day.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public static Instant monthStart(YearMonth m) {
        return m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public static YearMonth monthOf(Instant t) {
        return YearMonth.from(t.atOffset(ZoneOffset.UTC));
    }

    // ---- the maintenance run

    @Override
    public MaintenanceReport maintain(MaintenanceOptions options) {
        if (options == null) {
            throw new InvalidInputException("maintenance options must not be null");
        }
        synchronized (running) {
            Instant now = clock.instant();
            Map<String, Instant> cutoffs = new LinkedHashMap<>();
            Set<String> archiving = new HashSet<>();
            for (RetentionPolicy p : retentions()) {
                if (p.keepDays() != null) {
                    cutoffs.put(p.app(), cutoff(now, p.keepDays()));
                    if (p.archive() || options.archiveAll()) {
                        archiving.add(p.app());
                    }
                }
            }
            if (!archiving.isEmpty() && options.blobs() == null) {
                throw new InvalidInputException("archiving " + String.join(", ", archiving) + " needs a blob store");
            }
            List<String> created = prepare(now, options.monthsAhead());
            // The newest entry each application is about to lose, read before anything goes.
            Map<String, ActivityEntry> last = new LinkedHashMap<>();
            for (Map.Entry<String, Instant> e : cutoffs.entrySet()) {
                db.read("find the last expired entry of " + e.getKey(), c -> lastBefore(c, e.getKey(), e.getValue()))
                        .ifPresent(entry -> last.put(e.getKey(), entry));
            }
            if (chain != null && !last.isEmpty()) {
                anchorChains(cutoffs, last.keySet());
            }
            List<ActivityArchive> archived = new ArrayList<>();
            Dropped dropped = dropExpiredPartitions(cutoffs, archiving, options.blobs(), archived);
            long removed = dropped.entries();
            for (Map.Entry<String, Instant> e : cutoffs.entrySet()) {
                removed += removeRows(e.getKey(), e.getValue(), archiving.contains(e.getKey()), options.blobs(),
                        archived);
            }
            for (Map.Entry<String, ActivityEntry> e : last.entrySet()) {
                options.listener().dropped(e.getKey(), e.getValue());
            }
            return new MaintenanceReport(created, dropped.partitions(), removed, archived);
        }
    }

    /**
     * Before an application's expired entries go, its chain is anchored at the highest link among
     * them, so that verify starts after them instead of reporting them missing. The highest link, not
     * the newest entry's: an entry sent late with an old time is sealed after newer ones. Recorded
     * first, so a run that fails half-way leaves verify skipping links whose entries still exist, never
     * reporting dropped ones as deleted.
     */
    private void anchorChains(Map<String, Instant> cutoffs, Set<String> apps) {
        chain.seal();
        for (String app : apps) {
            Instant cutoff = cutoffs.get(app);
            OptionalLong seq = db.read("find the last link of " + app + " that retention drops",
                    c -> lastLinkBefore(c, app, cutoff));
            if (seq.isPresent()) {
                chain.link(app, seq.getAsLong()).ifPresent(chain::recordAnchor);
            }
        }
    }

    /** Partitions dropped whole, and the entries they held. */
    public record Dropped(List<String> partitions, long entries) {
        public static final Dropped NONE = new Dropped(List.of(), 0);
    }

    /** Before retention: partitions made ready (PostgreSQL). Returns their names. */
    protected List<String> prepare(Instant now, int monthsAhead) {
        return List.of();
    }

    /**
     * Drops every partition whose entries have all expired, archiving first the entries of the
     * applications in {@code archiving} (adding to {@code archived}). Backends without partitions
     * drop nothing.
     */
    protected Dropped dropExpiredPartitions(Map<String, Instant> cutoffs, Set<String> archiving, BlobStore blobs,
            List<ActivityArchive> archived) {
        return Dropped.NONE;
    }

    /**
     * Serialises, until the transaction ends, the read-merge-write of archives between runs that
     * overlap (a server's and one started by hand), so that neither replaces the other's archive.
     */
    protected void lockArchives(Connection c) throws SQLException {
    }

    /** The application's newest entry before the cutoff (by time, then id). */
    /** The highest chain link of an application's entries older than {@code cutoff}, if any is sealed. */
    protected abstract OptionalLong lastLinkBefore(Connection c, String app, Instant cutoff) throws SQLException;

    protected abstract Optional<ActivityEntry> lastBefore(Connection c, String app, Instant cutoff)
            throws SQLException;

    /** The time of the application's oldest entry before the cutoff. */
    protected abstract Optional<Instant> oldestBefore(Connection c, String app, Instant cutoff) throws SQLException;

    /** Removes the application's entries in [from, to) and returns them, oldest first. */
    protected abstract List<Accepted> take(Connection c, String app, Instant from, Instant to) throws SQLException;

    /** Removes at most {@code limit} of the application's entries before the cutoff; returns how many. */
    protected abstract int deleteBatch(Connection c, String app, Instant cutoff, int limit) throws SQLException;

    /** Stores the entries with their ids, skipping those stored already; returns how many were stored. */
    protected abstract int restore(Connection c, List<Accepted> entries) throws SQLException;

    /** Removes an application's entries before the cutoff that no dropped partition took. */
    private long removeRows(String app, Instant cutoff, boolean archive, BlobStore blobs,
            List<ActivityArchive> archived) {
        long removed = 0;
        if (!archive) {
            while (true) {
                int n = db.write("remove expired activity entries of " + app,
                        c -> deleteBatch(c, app, cutoff, DELETE_BATCH));
                removed += n;
                if (n < DELETE_BATCH) {
                    return removed;
                }
            }
        }
        // One month per transaction: its entries go, and its archive is stored, or neither.
        while (true) {
            Optional<Instant> oldest = db.read("find expired activity entries of " + app,
                    c -> oldestBefore(c, app, cutoff));
            if (oldest.isEmpty()) {
                return removed;
            }
            YearMonth month = monthOf(oldest.get());
            Instant from = monthStart(month);
            Instant to = monthStart(month.plusMonths(1));
            Instant end = to.isAfter(cutoff) ? cutoff : to;
            removed += db.write("archive and remove " + app + " " + month, c -> {
                List<Accepted> rows = take(c, app, from, end);
                if (!rows.isEmpty()) {
                    archived.add(archive(c, blobs, app, month, rows));
                }
                return rows.size();
            });
        }
    }

    /**
     * Stores an application's month in the blob store and records it. Entries archived for that
     * month before (by an earlier run) are kept in the new archive, so an archive always holds every
     * entry of its month that retention removed.
     */
    protected ActivityArchive archive(Connection c, BlobStore blobs, String app, YearMonth month, List<Accepted> rows)
            throws SQLException {
        lockArchives(c);
        String monthText = month.toString();
        List<String> lines = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Accepted a : rows) {
            ids.add(a.entry().id().toString());
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT blob_key FROM activity_archives WHERE app = ? AND month = ?")) {
            ps.setString(1, app);
            ps.setString(2, monthText);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    String key = rs.getString(1);
                    try (InputStream in = blobs.open(key).orElseThrow(() -> new StorageException("the archive of "
                            + app + " " + month + " (blob " + key + ") is missing from the blob store"))) {
                        int n = 0;
                        for (String l : ActivityArchives.lines(in, "archive blob " + key)) {
                            Accepted earlier = ActivityArchives.parse(l, ++n);
                            if (!ids.contains(earlier.entry().id().toString())) {
                                lines.add(l);
                            }
                        }
                    } catch (java.io.IOException e) {
                        throw new StorageException("cannot read archive blob " + key + ": " + e.getMessage(), e);
                    }
                }
            }
        }
        for (Accepted a : rows) {
            lines.add(ActivityArchives.line(a));
        }
        byte[] bytes = ActivityArchives.gzip(lines);
        String key = blobs.put(bytes, sha256(bytes), "application/gzip").key();
        long now = Micros.of(clock.instant());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO activity_archives (app, month, blob_key, entries,"
                + " created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (app, month) DO UPDATE SET blob_key = excluded.blob_key,"
                + " entries = excluded.entries, created_at = excluded.created_at")) {
            ps.setString(1, app);
            ps.setString(2, monthText);
            ps.setString(3, key);
            ps.setLong(4, lines.size());
            ps.setLong(5, now);
            ps.executeUpdate();
        }
        return new ActivityArchive(app, month, key, lines.size(), Micros.toInstant(now));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public List<ActivityArchive> archives() {
        return db.read("list activity archives", c -> {
            List<ActivityArchive> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT app, month, blob_key, entries, created_at"
                    + " FROM activity_archives ORDER BY app, month"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ActivityArchive(rs.getString(1), YearMonth.parse(rs.getString(2)), rs.getString(3),
                            rs.getLong(4), Micros.toInstant(rs.getLong(5))));
                }
            }
            return out;
        });
    }

    // ---- import

    @Override
    public ImportResult importArchive(InputStream in) {
        if (in == null) {
            throw new InvalidInputException("archive input must not be null");
        }
        List<String> lines = ActivityArchives.lines(in, "the archive");
        // Every line is checked before anything is stored.
        List<Accepted> entries = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            entries.add(ActivityArchives.parse(lines.get(i), i + 1));
        }
        long stored = 0;
        for (int from = 0; from < entries.size(); from += IMPORT_BATCH) {
            List<Accepted> batch = entries.subList(from, Math.min(entries.size(), from + IMPORT_BATCH));
            stored += db.write("import " + batch.size() + " archived activity entries", c -> restore(c, batch));
        }
        return new ImportResult(stored, entries.size() - stored);
    }
}
