package dev.tanken.activity.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.tanken.ConflictException;
import dev.tanken.InvalidInputException;
import dev.tanken.NotFoundException;
import dev.tanken.activity.ActivityDeadLetter;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ActivityIngest;
import dev.tanken.activity.IngestApp;
import dev.tanken.activity.IngestResult;
import dev.tanken.activity.IngestResult.Outcome;
import dev.tanken.activity.IngestResult.Status;
import dev.tanken.activity.IngestSchema;
import dev.tanken.activity.NewIngestApp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The ingest path over JDBC, for both database backends: the apps, contracts and dead-letter
 * tables hold only text and bigint columns, so their SQL is the same on PostgreSQL and SQLite;
 * the activity rows go through {@link IngestBackend#insert}. Internal: not API.
 */
public final class JdbcActivityIngest implements ActivityIngest {
    /** How many contract violations a dead letter's reason lists. */
    private static final int MAX_REASONS = 5;
    /** Compiled contracts kept, by schema text; contracts change rarely, so the cache rarely fills. */
    private static final int MAX_COMPILED = 1000;

    private final IngestBackend db;
    private final Clock clock;
    /**
     * Never fetches a {@code $ref} over the network: a contract that names a remote document would
     * otherwise make the server fetch whatever URL it holds, while entries wait. The meta-schemas
     * come from the validator's own jar.
     */
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaLoader(loader -> loader.fetchRemoteResources(false)));
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    public JdbcActivityIngest(IngestBackend db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    // ---- the batch path

    @Override
    public IngestResult append(List<? extends JsonNode> entries) {
        return appendBatch(null, requireBatch(entries));
    }

    @Override
    public IngestResult append(String app, List<? extends JsonNode> entries) {
        ActivityEntry.requireApp(app);
        return appendBatch(app, requireBatch(entries));
    }

    private static List<JsonNode> requireBatch(List<? extends JsonNode> entries) {
        if (entries == null) {
            throw new InvalidInputException("entries must not be null");
        }
        if (entries.isEmpty()) {
            throw new InvalidInputException("a batch must hold at least one entry");
        }
        if (entries.size() > MAX_BATCH) {
            throw new InvalidInputException("a batch holds at most " + MAX_BATCH + " entries, got " + entries.size());
        }
        return new ArrayList<>(entries);
    }

    private IngestResult appendBatch(String keyApp, List<JsonNode> entries) {
        Set<String> registered = registeredApps();
        Map<String, String> contracts = contracts();
        Instant now = clock.instant();
        List<Envelope.Checked> checked = new ArrayList<>(entries.size());
        for (JsonNode node : entries) {
            checked.add(checkContract(Envelope.check(node, keyApp, registered, now), contracts));
        }
        List<Outcome> outcomes = store(checked, keyApp, now, List.of());
        return new IngestResult(outcomes);
    }

    /** The entry refused when its payload breaks its action's contract. */
    private Envelope.Checked checkContract(Envelope.Checked c, Map<String, String> contracts) {
        if (c.accepted() == null) {
            return c;
        }
        ActivityEntry e = c.accepted().entry();
        String schemaText = contracts.get(e.app() + ' ' + e.action());
        if (schemaText == null) {
            return c;
        }
        List<Error> errors;
        try {
            errors = compile(schemaText).validate(c.payloadNode());
        } catch (RuntimeException broken) {
            // A contract the validator cannot apply refuses its entries rather than the whole batch.
            return new Envelope.Checked(null, "the contract of " + e.app() + " " + e.action() + " cannot be applied: "
                    + broken.getMessage(), c.app(), c.action(), c.text());
        }
        if (errors.isEmpty()) {
            return c;
        }
        String listed = errors.stream().limit(MAX_REASONS).map(Error::toString).collect(Collectors.joining("; "));
        String more = errors.size() > MAX_REASONS ? " (and " + (errors.size() - MAX_REASONS) + " more)" : "";
        return new Envelope.Checked(null, "the payload does not meet the contract of " + e.app() + " " + e.action()
                + ": " + listed + more, c.app(), c.action(), c.text());
    }

    /**
     * Stores the accepted entries and the dead letters in one transaction and says what became of
     * each. {@code replayed} holds, per position, the dead letter it came from (replay), else is empty.
     */
    private List<Outcome> store(List<Envelope.Checked> checked, String keyApp, Instant now, List<String> replayed) {
        List<IngestBackend.Accepted> unique = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Envelope.Checked c : checked) {
            if (c.accepted() != null && seen.add(c.accepted().key())) {
                unique.add(c.accepted());
            }
        }
        long micros = Micros.of(now);
        return db.write("store " + checked.size() + " activity entries from other applications", c -> {
            Set<String> inserted = unique.isEmpty() ? Set.of() : db.insert(c, unique);
            Set<String> counted = new HashSet<>();
            List<Outcome> out = new ArrayList<>(checked.size());
            try (PreparedStatement dead = c.prepareStatement(DEAD_LETTER);
                    PreparedStatement done = c.prepareStatement(DELETE_DEAD_LETTER)) {
                for (int i = 0; i < checked.size(); i++) {
                    Envelope.Checked e = checked.get(i);
                    String from = replayed.isEmpty() ? null : replayed.get(i);
                    if (e.accepted() == null) {
                        String app = keyApp != null ? keyApp : e.app();
                        String id = from != null ? from : Envelope.deadLetterId(app, e.text());
                        dead.setString(1, id);
                        dead.setString(2, app);
                        dead.setString(3, e.action());
                        dead.setLong(4, micros);
                        dead.setString(5, e.text());
                        dead.setString(6, e.reason());
                        dead.addBatch();
                        out.add(new Outcome(i, Status.REJECTED, null, e.reason(), id));
                    } else {
                        String key = e.accepted().key();
                        boolean stored = inserted.contains(key) && counted.add(key);
                        if (from != null) {
                            done.setString(1, from);
                            done.addBatch();
                        }
                        out.add(new Outcome(i, stored ? Status.STORED : Status.DUPLICATE, e.accepted().sourceId(), null,
                                from));
                    }
                }
                dead.executeBatch();
                done.executeBatch();
            }
            return out;
        });
    }

    private static final String DEAD_LETTER = "INSERT INTO activity_dead_letters (id, app, action, received_at, entry,"
            + " reason) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET received_at = excluded.received_at,"
            + " reason = excluded.reason, action = excluded.action";
    private static final String DELETE_DEAD_LETTER = "DELETE FROM activity_dead_letters WHERE id = ?";

    // ---- applications and keys

    @Override
    public NewIngestApp addApp(String name) {
        ActivityEntry.requireApp(name);
        if (name.equals(ActivityEntry.TANKEN_APP)) {
            throw new InvalidInputException("'" + name + "' names Tanken's own entries; choose another name");
        }
        String key = ApiKeys.newKey();
        Instant now = clock.instant();
        int added = db.write("add activity app " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO activity_apps (name, key_hash, created_at)"
                    + " VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, name);
                ps.setString(2, ApiKeys.hash(key));
                ps.setLong(3, Micros.of(now));
                return ps.executeUpdate();
            }
        });
        if (added == 0) {
            throw new ConflictException("an app named '" + name + "' is already registered");
        }
        return new NewIngestApp(new IngestApp(name, Micros.toInstant(Micros.of(now))), key);
    }

    @Override
    public List<IngestApp> apps() {
        return db.read("list activity apps", c -> {
            List<IngestApp> apps = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, created_at FROM activity_apps ORDER BY name");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    apps.add(new IngestApp(rs.getString(1), Micros.toInstant(rs.getLong(2))));
                }
            }
            return apps;
        });
    }

    private Set<String> registeredApps() {
        return apps().stream().map(IngestApp::name).collect(Collectors.toSet());
    }

    @Override
    public boolean removeApp(String name) {
        ActivityEntry.requireApp(name);
        return db.write("remove activity app " + name, c -> {
            try (PreparedStatement schemas = c.prepareStatement("DELETE FROM activity_schemas WHERE app = ?");
                    PreparedStatement ps = c.prepareStatement("DELETE FROM activity_apps WHERE name = ?")) {
                schemas.setString(1, name);
                schemas.executeUpdate();
                ps.setString(1, name);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<String> authenticate(String key) {
        if (key == null || !key.startsWith(ApiKeys.PREFIX) || key.length() > 128) {
            return Optional.empty();
        }
        String hash = ApiKeys.hash(key);
        // The lookup is by the key's SHA-256: how long it takes can tell at most something about the
        // hash of a guess, which does not help to find a key. The final comparison is constant-time.
        return db.read("check an activity app key", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name, key_hash FROM activity_apps WHERE key_hash = ?")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && ApiKeys.sameHash(hash, rs.getString(2))) {
                        return Optional.of(rs.getString(1));
                    }
                    return Optional.empty();
                }
            }
        });
    }

    // ---- contracts

    @Override
    public void setSchema(String app, String action, String schemaJson) {
        ActivityEntry.requireApp(app);
        ActivityEntry.requireAction(action);
        JsonNode schema = Json.parse(schemaJson, "the JSON Schema");
        if (!schema.isObject() && !schema.isBoolean()) {
            throw new InvalidInputException("a JSON Schema must be an object (or true/false), got "
                    + schema.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        requireValidSchema(schema);
        String text = Json.write(schema);
        try {
            // References are resolved when first used: use it once, so that one that cannot be is refused now.
            compile(text).validate(Json.nodes().objectNode());
        } catch (InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidInputException("the JSON Schema cannot be used: " + e.getMessage());
        }
        long now = Micros.of(clock.instant());
        db.write("set the contract of " + app + " " + action, c -> {
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM activity_apps WHERE name = ?")) {
                exists.setString(1, app);
                try (ResultSet rs = exists.executeQuery()) {
                    if (!rs.next()) {
                        throw new NotFoundException("no app named '" + app + "' is registered");
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO activity_schemas (app, action, schema, updated_at)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (app, action) DO UPDATE SET schema = excluded.schema,"
                    + " updated_at = excluded.updated_at")) {
                ps.setString(1, app);
                ps.setString(2, action);
                ps.setString(3, text);
                ps.setLong(4, now);
                return ps.executeUpdate();
            }
        });
    }

    /** Refuses a schema that its meta-schema (draft 2020-12 unless it names another) rejects. */
    private void requireValidSchema(JsonNode schema) {
        if (!schema.isObject()) {
            return;
        }
        JsonNode declared = schema.get("$schema");
        String meta = declared != null && declared.isTextual() ? declared.textValue()
                : SpecificationVersion.DRAFT_2020_12.getDialectId();
        List<Error> errors;
        try {
            errors = registry.getSchema(SchemaLocation.of(meta)).validate(schema);
        } catch (SchemaException | IllegalArgumentException e) {
            throw new InvalidInputException("the JSON Schema's $schema '" + meta + "' is not a dialect Tanken knows: "
                    + e.getMessage());
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("not a valid JSON Schema: " + errors.stream().limit(MAX_REASONS)
                    .map(Error::toString).collect(Collectors.joining("; ")));
        }
    }

    private Schema compile(String text) {
        Schema s = compiled.get(text);
        if (s != null) {
            return s;
        }
        try {
            s = registry.getSchema(Json.parse(text, "the JSON Schema"));
        } catch (SchemaException | IllegalArgumentException e) {
            throw new InvalidInputException("not a usable JSON Schema: " + e.getMessage());
        }
        if (compiled.size() >= MAX_COMPILED) {
            compiled.clear();
        }
        compiled.put(text, s);
        return s;
    }

    @Override
    public boolean removeSchema(String app, String action) {
        ActivityEntry.requireApp(app);
        ActivityEntry.requireAction(action);
        return db.write("remove the contract of " + app + " " + action, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM activity_schemas WHERE app = ? AND action = ?")) {
                ps.setString(1, app);
                ps.setString(2, action);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<IngestSchema> schemas() {
        return db.read("list activity contracts", c -> {
            List<IngestSchema> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT app, action, schema, updated_at FROM activity_schemas"
                    + " ORDER BY app, action"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new IngestSchema(rs.getString(1), rs.getString(2), rs.getString(3),
                            Micros.toInstant(rs.getLong(4))));
                }
            }
            return out;
        });
    }

    /** Contract texts by "app action". */
    private Map<String, String> contracts() {
        Map<String, String> out = new HashMap<>();
        for (IngestSchema s : schemas()) {
            out.put(s.app() + ' ' + s.action(), s.schema());
        }
        return out;
    }

    // ---- dead letters

    @Override
    public List<ActivityDeadLetter> deadLetters(int limit) {
        if (limit < 0) {
            throw new InvalidInputException("limit must not be negative, got " + limit);
        }
        return db.read("list activity dead letters", c -> readDeadLetters(c, null, limit));
    }

    private static List<ActivityDeadLetter> readDeadLetters(Connection c, Collection<String> ids, int limit)
            throws SQLException {
        List<ActivityDeadLetter> out = new ArrayList<>();
        String sql = "SELECT id, app, action, received_at, entry, reason FROM activity_dead_letters"
                + (ids == null ? "" : " WHERE id = ?") + " ORDER BY received_at, id LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (String id : ids == null ? java.util.Collections.<String>singletonList(null) : ids) {
                int p = 1;
                if (id != null) {
                    ps.setString(p++, id);
                }
                ps.setInt(p, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ActivityDeadLetter(rs.getString(1), rs.getString(2), rs.getString(3),
                                Micros.toInstant(rs.getLong(4)), rs.getString(5), rs.getString(6)));
                    }
                }
            }
        }
        return out;
    }

    @Override
    public IngestResult replay(Collection<String> ids) {
        Set<String> wanted = requireIds(ids);
        List<ActivityDeadLetter> letters = db.read("read activity dead letters",
                c -> readDeadLetters(c, wanted.isEmpty() ? null : wanted, Integer.MAX_VALUE));
        if (!wanted.isEmpty() && letters.size() < wanted.size()) {
            Set<String> found = letters.stream().map(ActivityDeadLetter::id).collect(Collectors.toSet());
            wanted.removeAll(found);
            throw new NotFoundException("no dead letter with id " + String.join(", ", wanted));
        }
        List<Outcome> all = new ArrayList<>();
        for (int from = 0; from < letters.size(); from += MAX_BATCH) {
            List<ActivityDeadLetter> batch = letters.subList(from, Math.min(letters.size(), from + MAX_BATCH));
            Set<String> registered = registeredApps();
            Map<String, String> contracts = contracts();
            Instant now = clock.instant();
            List<Envelope.Checked> checked = new ArrayList<>();
            for (ActivityDeadLetter d : batch) {
                checked.add(recheck(d, registered, contracts, now));
            }
            // Each dead letter keeps its id and its application, whatever the entry says now.
            int offset = from;
            for (Outcome o : store(checked, null, now, batch.stream().map(ActivityDeadLetter::id).toList())) {
                all.add(new Outcome(o.index() + offset, o.status(), o.id(), o.reason(), o.deadLetterId()));
            }
        }
        return new IngestResult(all);
    }

    private Envelope.Checked recheck(ActivityDeadLetter d, Set<String> registered, Map<String, String> contracts,
            Instant now) {
        JsonNode node;
        try {
            node = Json.parse(d.entry(), "the dead letter's entry");
        } catch (InvalidInputException e) {
            return new Envelope.Checked(null, e.getMessage(), d.app(), d.action(), d.entry());
        }
        if (d.app() != null && !registered.contains(d.app())) {
            return new Envelope.Checked(null, "app '" + d.app() + "' is not registered (tanken activity app add)",
                    d.app(), d.action(), d.entry());
        }
        // An entry sent with a key may leave out its app: the dead letter remembers the key's.
        Envelope.Checked c = Envelope.check(node, d.app(), registered, now);
        Envelope.Checked checked = checkContract(c, contracts);
        return checked.accepted() != null ? checked
                : new Envelope.Checked(null, checked.reason(), d.app(), checked.action(), d.entry());
    }

    @Override
    public int drop(Collection<String> ids) {
        Set<String> wanted = requireIds(ids);
        return db.write("drop activity dead letters", c -> {
            if (wanted.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM activity_dead_letters")) {
                    return ps.executeUpdate();
                }
            }
            int n = 0;
            try (PreparedStatement ps = c.prepareStatement(DELETE_DEAD_LETTER)) {
                for (String id : wanted) {
                    ps.setString(1, id);
                    n += ps.executeUpdate();
                }
            }
            if (n < wanted.size()) {
                // Nothing is dropped unless every id named exists: the caller mistyped one.
                throw new NotFoundException("no dead letter with some of the ids " + String.join(", ", wanted));
            }
            return n;
        });
    }

    private static Set<String> requireIds(Collection<String> ids) {
        Set<String> out = new LinkedHashSet<>();
        if (ids != null) {
            for (String id : ids) {
                if (id == null || !id.matches("[0-9a-f]{32}")) {
                    throw new InvalidInputException("a dead letter id is 32 hex digits, got '" + id + "'");
                }
                out.add(id);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "JdbcActivityIngest[" + db + "]";
    }
}
