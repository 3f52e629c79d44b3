package dev.tanken.activity.internal;

import dev.tanken.InvalidInputException;
import dev.tanken.activity.ActivityChain;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ChainBreak;
import dev.tanken.activity.ChainLink;
import dev.tanken.activity.ChainVerification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The hash chains over JDBC, for both database backends (tables of migration V9). Sealing reads the
 * queue {@code activity_unsealed} that a trigger on {@code activity_log} fills, so an entry is hashed
 * from what the database stored, exactly as verify later reads it. Entries are found by id and time:
 * on a log partitioned by time, the time names the one partition to look in. Internal: not API.
 */
public final class JdbcActivityChain implements ActivityChain {
    /** Entries sealed per transaction: large enough to amortise the round trips, small enough to keep locks short. */
    static final int SEAL_BATCH = 5_000;
    /** Links read per query while verifying. */
    private static final int WALK_PAGE = 10_000;

    private final ChainBackend db;
    private final Clock clock;

    public JdbcActivityChain(ChainBackend db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    // ---- sealing

    @Override
    public long seal() {
        long total = 0;
        while (true) {
            int sealed = db.write("seal activity entries into their chains", this::sealBatch);
            total += sealed;
            if (sealed < SEAL_BATCH) {
                return total;
            }
        }
    }

    /** Seals up to {@link #SEAL_BATCH} queued entries on this transaction; returns how many were queued. */
    private int sealBatch(Connection c) throws SQLException {
        db.lockSealer(c);
        List<ChainBackend.Queued> queued = db.takeQueued(c, SEAL_BATCH);
        if (queued.isEmpty()) {
            return 0;
        }
        long now = Micros.of(clock.instant());
        Map<String, Head> heads = new HashMap<>();
        List<ChainBackend.NewLink> links = new ArrayList<>(queued.size());
        for (ChainBackend.Queued q : queued) {
            StoredEntry e = q.entry();
            if (e == null) {
                continue;
            }
            Head head = heads.get(e.app());
            if (head == null) {
                head = storedHead(c, e.app()).map(h -> new Head(h.seq(), h.hash())).orElse(Head.NONE);
            }
            long seq = head.seq() + 1;
            String hash = e.hash(head.hash(), seq);
            links.add(new ChainBackend.NewLink(e.app(), seq, e.id(), e.micros(), hash, now));
            heads.put(e.app(), new Head(seq, hash));
        }
        if (!links.isEmpty()) {
            db.insertLinks(c, links);
        }
        return queued.size();
    }

    /**
     * A chain's last link while a batch is sealed: a {@link ChainLink} checks its hash's form with a
     * pattern, which for hashes just computed is work per entry for nothing.
     */
    private record Head(long seq, String hash) {
        /** Before the first link. */
        static final Head NONE = new Head(0, StoredEntry.GENESIS);
    }

    /** The last link of a chain, or its anchor when retention dropped every link. */
    private static Optional<ChainLink> storedHead(Connection c, String app) throws SQLException {
        Optional<ChainLink> last = Optional.empty();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, hash FROM activity_chain WHERE app = ? ORDER BY seq DESC LIMIT 1")) {
            ps.setString(1, app);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    last = Optional.of(new ChainLink(app, rs.getLong(1), rs.getString(2)));
                }
            }
        }
        Optional<ChainLink> anchor = anchor(c, app);
        if (anchor.isPresent() && (last.isEmpty() || anchor.get().seq() > last.get().seq())) {
            return anchor;
        }
        return last;
    }

    @Override
    public long pending() {
        return db.read("count unsealed activity entries", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM activity_unsealed");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    // ---- heads and anchors

    @Override
    public List<ChainLink> heads(String app) {
        if (app != null) {
            ActivityEntry.requireApp(app);
        }
        return db.read("read the activity chain heads", c -> {
            List<ChainLink> heads = new ArrayList<>();
            for (String a : app == null ? chainApps(c) : new TreeSet<>(List.of(app))) {
                storedHead(c, a).ifPresent(heads::add);
            }
            return heads;
        });
    }

    /**
     * The applications that have a chain or an anchor. The links' primary key starts with the app:
     * the recursive query jumps from one app to the next through it (a loose index scan), where
     * SELECT DISTINCT would read every link.
     */
    private static TreeSet<String> chainApps(Connection c) throws SQLException {
        TreeSet<String> apps = new TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement("""
                WITH RECURSIVE apps (app) AS (
                    SELECT min(app) FROM activity_chain
                    UNION ALL
                    SELECT (SELECT min(c.app) FROM activity_chain c WHERE c.app > apps.app) FROM apps
                    WHERE apps.app IS NOT NULL)
                SELECT app FROM apps WHERE app IS NOT NULL
                UNION SELECT app FROM activity_chain_anchors""");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                apps.add(rs.getString(1));
            }
        }
        return apps;
    }

    @Override
    public Optional<ChainLink> link(String app, long seq) {
        ActivityEntry.requireApp(app);
        return db.read("read an activity chain link", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM activity_chain WHERE app = ? AND seq = ?")) {
                ps.setString(1, app);
                ps.setLong(2, seq);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new ChainLink(app, seq, rs.getString(1))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void recordAnchor(ChainLink anchor) {
        if (anchor == null) {
            throw new InvalidInputException("anchor must not be null");
        }
        long now = Micros.of(clock.instant());
        db.write("record the anchor of the activity chain of " + anchor.app(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO activity_chain_anchors (app, seq, hash,"
                    + " recorded_at) VALUES (?, ?, ?, ?) ON CONFLICT (app) DO UPDATE SET seq = excluded.seq,"
                    + " hash = excluded.hash, recorded_at = excluded.recorded_at"
                    + " WHERE excluded.seq > activity_chain_anchors.seq")) {
                ps.setString(1, anchor.app());
                ps.setLong(2, anchor.seq());
                ps.setString(3, anchor.hash());
                ps.setLong(4, now);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<ChainLink> anchors() {
        return db.read("read the activity chain anchors", c -> readAnchors(c, null));
    }

    private static List<ChainLink> readAnchors(Connection c, String app) throws SQLException {
        List<ChainLink> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT app, seq, hash FROM activity_chain_anchors"
                + (app == null ? "" : " WHERE app = ?") + " ORDER BY app")) {
            if (app != null) {
                ps.setString(1, app);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ChainLink(rs.getString(1), rs.getLong(2), rs.getString(3)));
                }
            }
        }
        return out;
    }

    private static Optional<ChainLink> anchor(Connection c, String app) throws SQLException {
        List<ChainLink> a = readAnchors(c, app);
        return a.isEmpty() ? Optional.empty() : Optional.of(a.get(0));
    }

    // ---- verification

    @Override
    public ChainVerification verify(String app, Instant since, Collection<ChainLink> exportedHeads) {
        if (app != null) {
            ActivityEntry.requireApp(app);
        }
        List<ChainLink> expected = exportedHeads == null ? List.of() : List.copyOf(exportedHeads);
        TreeSet<String> apps = db.read("list the activity chains", JdbcActivityChain::chainApps);
        // A chain named by an exported head must be checked even when every link of it is gone.
        expected.forEach(h -> apps.add(h.app()));
        if (app != null) {
            apps.retainAll(List.of(app));
        }
        List<ChainBreak> breaks = new ArrayList<>();
        long links = 0;
        for (String a : apps) {
            List<ChainLink> heads = expected.stream().filter(h -> h.app().equals(a)).toList();
            Walk walk = db.read("verify the activity chain of " + a, c -> walk(c, a, since, heads));
            links += walk.links;
            if (walk.broken != null) {
                breaks.add(walk.broken);
            }
        }
        return new ChainVerification(apps.size(), links, breaks);
    }

    private static final class Walk {
        long links;
        ChainBreak broken;
    }

    private Walk walk(Connection c, String app, Instant since, List<ChainLink> exportedHeads) throws SQLException {
        Walk walk = new Walk();
        Optional<ChainLink> anchor = anchor(c, app);
        long next = anchor.map(a -> a.seq() + 1).orElse(1L);
        String previous = anchor.map(ChainLink::hash).orElse(StoredEntry.GENESIS);
        Map<Long, String> seen = new HashMap<>();
        Map<Long, ChainLink> wanted = new HashMap<>();
        exportedHeads.forEach(h -> wanted.put(h.seq(), h));
        long last = next - 1;
        if (since != null) {
            Optional<Long> first = firstSealedSince(c, app, Micros.of(since), next);
            if (first.isEmpty()) {
                // Nothing sealed since then: only the exported heads are left to compare.
                Optional<ChainLink> head = storedHead(c, app);
                last = head.map(ChainLink::seq).orElse(0L);
                head.ifPresent(h -> seen.put(h.seq(), h.hash()));
                next = Long.MAX_VALUE;
            } else if (first.get() > next) {
                long before = first.get() - 1;
                Optional<String> hash = hashAt(c, app, before);
                if (hash.isEmpty()) {
                    walk.broken = new ChainBreak(app, before, null, "link " + before + " is missing");
                    return walk;
                }
                previous = hash.get();
                next = first.get();
                last = before;
            }
        }
        String sql = "SELECT c.seq, c.entry_id, c.hash, " + db.entryColumns() + " FROM activity_chain c"
                + " LEFT JOIN activity_log l ON l.id = c.entry_id AND l.occurred_at = c.occurred_at"
                + " WHERE c.app = ? AND c.seq >= ? ORDER BY c.seq LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            while (next != Long.MAX_VALUE) {
                ps.setString(1, app);
                ps.setLong(2, next);
                ps.setInt(3, WALK_PAGE);
                int rows = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        long seq = rs.getLong(1);
                        String entryId = rs.getString(2);
                        String hash = rs.getString(3);
                        StoredEntry e = StoredEntry.read(rs, 4, db);
                        String problem = check(seq, next, entryId, hash, e, app, previous);
                        if (problem != null) {
                            walk.broken = new ChainBreak(app, Math.min(seq, next), uuid(entryId), problem);
                            return walk;
                        }
                        walk.links++;
                        if (wanted.containsKey(seq)) {
                            seen.put(seq, hash);
                        }
                        previous = hash;
                        last = seq;
                        next = seq + 1;
                    }
                }
                if (rows < WALK_PAGE) {
                    break;
                }
            }
        }
        for (ChainLink head : exportedHeads.stream().sorted(java.util.Comparator.comparingLong(ChainLink::seq)).toList()) {
            if (anchor.isPresent() && head.seq() <= anchor.get().seq()) {
                if (head.seq() == anchor.get().seq() && !head.hash().equals(anchor.get().hash())) {
                    walk.broken = new ChainBreak(app, head.seq(), null, "the anchor's hash differs from the exported"
                            + " head's (" + head.hash() + ")");
                    return walk;
                }
                continue;
            }
            if (head.seq() > last) {
                walk.broken = new ChainBreak(app, last + 1, null, "the chain ends at seq " + last
                        + " but the exported head is at seq " + head.seq() + ": entries after seq " + last
                        + " were removed (truncated tail)");
                return walk;
            }
            String hash = seen.get(head.seq());
            if (hash != null && !hash.equals(head.hash())) {
                walk.broken = new ChainBreak(app, head.seq(), null, "the link's hash " + hash
                        + " differs from the exported head's " + head.hash() + " (the chain was rewritten)");
                return walk;
            }
        }
        return walk;
    }

    /** What is wrong with a link, or null when it holds. */
    private static String check(long seq, long expected, String entryId, String hash, StoredEntry e, String app,
            String previous) {
        if (seq != expected) {
            return "link " + expected + " is missing (the next link is " + seq + ")";
        }
        if (e == null) {
            return "entry " + entryId + " is missing from the log (deleted, or its time changed)";
        }
        if (!e.app().equals(app)) {
            return "the entry now belongs to app '" + e.app() + "'";
        }
        String actual;
        try {
            actual = e.hash(previous, seq);
        } catch (InvalidInputException bad) {
            return "the entry cannot be read: " + bad.getMessage();
        }
        if (!actual.equals(hash)) {
            return "the entry does not match its hash (edited, or links reordered)";
        }
        return null;
    }

    private static Optional<Long> firstSealedSince(Connection c, String app, long micros, long from)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT min(seq) FROM activity_chain WHERE app = ? AND seq >= ? AND sealed_at >= ?")) {
            ps.setString(1, app);
            ps.setLong(2, from);
            ps.setLong(3, micros);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(v);
            }
        }
    }

    private static Optional<String> hashAt(Connection c, String app, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM activity_chain WHERE app = ? AND seq = ?")) {
            ps.setString(1, app);
            ps.setLong(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static UUID uuid(String id) {
        try {
            return id == null ? null : UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "JdbcActivityChain[" + db + "]";
    }
}
