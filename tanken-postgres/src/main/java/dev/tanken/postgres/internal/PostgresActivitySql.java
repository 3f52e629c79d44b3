package dev.tanken.postgres.internal;

import dev.tanken.activity.internal.SqlQuery;
import dev.tanken.activity.internal.Json;
import dev.tanken.activity.internal.ActivityCursor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tanken.activity.ActivityQuery;
import dev.tanken.activity.PayloadCondition;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import dev.tanken.postgres.IndexedPath;
import java.util.regex.Pattern;

/**
 * The activity log's SQL for PostgreSQL. Payload paths are bound as {@code text[]} for the
 * {@code #>} operator and values as {@code jsonb}; equality is also expressed as containment
 * ({@code payload @> '{"a":{"b":v}}'}), which the GIN index on the payload answers.
 */
public final class PostgresActivitySql {
    public static final String COLUMNS = "id, occurred_at, actor, action, subject_type, subject_id, payload::text, app";

    public static final String INSERT = "INSERT INTO activity_log (id, occurred_at, actor, action, subject_type,"
            + " subject_id, payload, app) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?)";

    /** A whole batch in one statement and one round trip; ids already stored are skipped. */
    public static final String APPEND = """
            INSERT INTO activity_log (id, occurred_at, actor, action, subject_type, subject_id, payload, app)
            SELECT u.id, 'epoch'::timestamptz + u.us * interval '1 microsecond', u.actor, u.action, u.stype, u.sid,
                   u.payload::jsonb, u.app
            FROM unnest(?::uuid[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                 AS u (id, us, actor, action, stype, sid, payload, app)
            ON CONFLICT (id, occurred_at) DO NOTHING""";

    /**
     * Entries from other applications, each with the application's own id for it (or none, for
     * Tanken's own entries loaded back from an archive). The partitioned log cannot hold a unique
     * (app, source_id), so the key goes into activity_keys first, and only the entries whose key was
     * new are stored; a repeat of an entry's (id, time) is skipped too. Returns app, source_id and id
     * of those stored.
     */
    public static final String INGEST = """
            WITH u AS (
                SELECT u.id, 'epoch'::timestamptz + u.us * interval '1 microsecond' AS at, u.actor, u.action, u.stype,
                       u.sid, u.payload, u.app, u.source_id
                FROM unnest(?::uuid[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[])
                     AS u (id, us, actor, action, stype, sid, payload, app, source_id)),
            k AS (
                INSERT INTO activity_keys (app, source_id, occurred_at, id)
                SELECT app, source_id, at, id FROM u WHERE source_id IS NOT NULL
                ON CONFLICT DO NOTHING
                RETURNING app, source_id)
            INSERT INTO activity_log (id, occurred_at, actor, action, subject_type, subject_id, payload, app,
                                      source_id)
            SELECT u.id, u.at, u.actor, u.action, u.stype, u.sid, u.payload::jsonb, u.app, u.source_id
            FROM u
            WHERE u.source_id IS NULL OR EXISTS (SELECT 1 FROM k WHERE k.app = u.app AND k.source_id = u.source_id)
            ON CONFLICT DO NOTHING
            RETURNING app, source_id, id""";

    public static final String COPY = "COPY activity_log (id, occurred_at, actor, action, subject_type, subject_id,"
            + " payload, app) FROM STDIN";

    /** An activity row for the hash chain (see {@code ChainBackend#entryColumns}). */
    public static final String CHAIN_ENTRY_COLUMNS = "l.id::text, l.occurred_at, l.app, l.actor, l.action,"
            + " l.subject_type, l.subject_id, l.source_id, l.payload::text";

    /**
     * One sealer at a time per schema, held to the end of its transaction. The key is the schema's,
     * so that the logs of two schemas in one database seal independently.
     */
    public static final String LOCK_SEALER =
            "SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.activity_chain'))";

    public static final String INSERT_LINKS = """
            INSERT INTO activity_chain (app, seq, entry_id, occurred_at, hash, sealed_at)
            SELECT u.app, u.seq, u.entry_id::uuid, 'epoch'::timestamptz + u.us * interval '1 microsecond', u.hash,
                   u.sealed_at
            FROM unnest(?::text[], ?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::bigint[])
                 AS u (app, seq, entry_id, us, hash, sealed_at)""";

    /**
     * The sealer's batch: the front of the queue, taken in one statement with the rows the trigger
     * copied (V11), so that no entry is looked up in the partitioned log. RETURNING gives no order:
     * the caller sorts by n.
     *
     * <p>The batch is named as a range of n, from the first to the last of the first {@code ?}
     * visible rows (one statement, one snapshot: exactly those rows; a row of a transaction still
     * running inside the range is invisible and stays queued), not as {@code n IN (subquery)}:
     * PostgreSQL planned that as a hash semi join over a sequential scan of the whole queue, dead
     * rows included, so each pass cost the size of the backlog. Both ends come from one walk of the
     * primary key (materialised once: the dead rows at the queue's front are passed once, not
     * twice); with both ends bound the range is estimated as narrow and read through that key.
     */
    public static final String TAKE_QUEUED = """
            WITH f AS MATERIALIZED (SELECT n FROM activity_unsealed ORDER BY n LIMIT ?)
            DELETE FROM activity_unsealed
            WHERE n >= (SELECT min(n) FROM f) AND n <= (SELECT max(n) FROM f)
            RETURNING n, id::text, occurred_at, app, actor, action, subject_type, subject_id, source_id, payload::text""";

    /** An entry queued before V11 (its queue row holds no copy), looked up by its key. */
    public static final String QUEUED_BEFORE_COPIES = "SELECT " + CHAIN_ENTRY_COLUMNS
            + " FROM activity_log l WHERE l.id = ?::uuid AND l.occurred_at = ?";

    public static final String DELETE_PENDING = "DELETE FROM activity_unsealed WHERE n = ANY (?::bigint[])";

    public static final String FIND = "SELECT " + COLUMNS + " FROM activity_log WHERE id = ?";

    public static final String COUNT = "SELECT count(*) FROM activity_log";

    /**
     * Run before every search, in its transaction. A search is one statement shape executed with
     * ever different values; once pgjdbc prepares it on the server (after 5 executions) PostgreSQL
     * may switch to a generic plan made without the values, e.g. "scan the time index backwards and
     * filter" for a containment that matches three rows out of ten million. Forcing custom plans
     * keeps every execution planned for its own values. JIT compilation would cost more than these
     * short index scans take.
     */
    public static final String SEARCH_SETTINGS =
            "SELECT set_config('plan_cache_mode', 'force_custom_plan', true), set_config('jit', 'off', true)";

    /**
     * The settings for a search without a containment (EQ/IN) condition. Such a search has no index
     * that finds its matches directly, only btrees that yield rows newest first. PostgreSQL cannot
     * estimate conditions on jsonb paths ({@code payload #> '{a}' > '5'}) and guesses them rare;
     * it then prefers "fetch every row of the action, sort, keep 50" over "walk the action index
     * newest first and stop after 50 matches", which on a large log reads the whole action. With
     * sorting ruled out, the search walks an index in result order and stops as soon as the page
     * is full.
     */
    public static final String SEARCH_SETTINGS_INDEX_ORDER = SEARCH_SETTINGS
            + ", set_config('enable_sort', 'off', true)";

    /**
     * The settings for a search that a path's expression index serves (and no containment).
     * Bitmap scans are ruled out: the planner would AND the path index with a column's index
     * ("post.report" and "flag.gid > 9900"), reading the 900,000 entries of the action into a
     * bitmap to intersect them with 9,000, which it underestimates badly. A plain index scan of
     * the path's index and a top-N sort, or a walk of a column's index in result order, is
     * what remains, chosen by the index's statistics.
     */
    public static final String SEARCH_SETTINGS_PATH_INDEX = SEARCH_SETTINGS
            + ", set_config('enable_bitmapscan', 'off', true)";

    /** The names of the log's partitions, as a text[] column to add to a settings statement. */
    public static final String PARTITION_NAMES = "(SELECT array_agg(c.relname::text) FROM pg_inherits i"
            + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'activity_log'::regclass)";

    /** The settings statement for this query. */
    public static String settingsFor(ActivityQuery q) {
        boolean containment = q.where().stream().anyMatch(c -> c.operation() == PayloadCondition.Operation.EQ
                || c.operation() == PayloadCondition.Operation.IN);
        return containment ? SEARCH_SETTINGS : SEARCH_SETTINGS_INDEX_ORDER;
    }

    /** A segment PostgreSQL's #> would read as an array position when the value there is an array. */
    private static final Pattern ARRAY_POSITION = Pattern.compile("-?[0-9]+");

    private PostgresActivitySql() {
    }

    /**
     * How many entries a search examines at most for payload conditions that no index answers
     * (NE, EXISTS, GT, LT on a path without an {@link IndexedPath}, and no EQ/IN): it walks a
     * btree newest first and tests each row, about a microsecond a row; past this many the
     * search stops and asks for a narrower time range rather than read millions of rows. 20,000
     * rows keep such a search within the 50 ms goal, and fill a page for any condition that
     * matches more than about one entry in 400.
     */
    public static final int SCAN_BUDGET = 20_000;

    /**
     * One page's statement.
     *
     * @param bounded the statement examines at most {@link #SCAN_BUDGET} rows; its rows carry
     *     two more columns: whether the row matched, and its position among the rows examined
     */
    public record Search(SqlQuery sql, String settings, boolean bounded) {
    }

    /** The search for one page; {@code fetch} is the page size plus one (to know if more follow). */
    public static SqlQuery search(ActivityQuery q, int fetch) {
        return search(q, fetch, List.of()).sql();
    }

    /** The search for one page, using the expression indexes of {@code indexed} where they serve. */
    public static Search search(ActivityQuery q, int fetch, Collection<IndexedPath> indexed) {
        return search(q, fetch, indexed, null, null);
    }

    /**
     * Whether a search is better read a month at a time, newest first ({@link #search(ActivityQuery,
     * int, Collection, java.time.Instant, java.time.Instant)} with a window per statement). A
     * containment (EQ/IN) is answered by each month's GIN index as a bitmap of every match,
     * which the planner then sorts: on the whole log that reads every matching row of every month
     * (and a live default partition keeps PostgreSQL from reading the months in order and stopping
     * early), where the page needs only the newest. An actor or a subject has a btree that already
     * yields its rows newest first across months and stops after the page, so those searches stay
     * one statement.
     */
    public static boolean readsByMonth(ActivityQuery q) {
        return q.actor() == null && q.subjectId() == null && q.where().stream().anyMatch(
                c -> c.operation() == PayloadCondition.Operation.EQ || c.operation() == PayloadCondition.Operation.IN);
    }

    /**
     * The search for one page restricted to the window [{@code from}, {@code to}) of entry times,
     * either end open when null. A window whose ends are month starts (constants in a custom plan)
     * is pruned to the partitions of those months, and to the default partition only when it spans
     * a month that has no partition.
     */
    public static Search search(ActivityQuery q, int fetch, Collection<IndexedPath> indexed, java.time.Instant from,
            java.time.Instant to) {
        boolean containment = q.where().stream().anyMatch(c -> c.operation() == PayloadCondition.Operation.EQ
                || c.operation() == PayloadCondition.Operation.IN);
        boolean served = q.where().stream().anyMatch(c -> indexed.stream().anyMatch(p -> p.serves(c)));
        boolean bounded = !q.where().isEmpty() && !containment && !served && q.subjectId() == null;
        // An indexed path has statistics of its own (ANALYZE samples index expressions), so the
        // planner can weigh "bitmap the few matches, then sort" against "walk newest first".
        String settings = containment ? SEARCH_SETTINGS : served ? SEARCH_SETTINGS_PATH_INDEX : SEARCH_SETTINGS_INDEX_ORDER;
        SqlQuery columns = new SqlQuery();
        columnFilters(columns, q);
        if (from != null) {
            columns.and("occurred_at >= ?").param(time(from));
        }
        if (to != null) {
            columns.and("occurred_at < ?").param(time(to));
        }
        SqlQuery conditions = SqlQuery.conjunction();
        for (PayloadCondition condition : q.where()) {
            payload(conditions, condition, indexed.stream().anyMatch(p -> p.serves(condition)));
        }
        SqlQuery s = new SqlQuery();
        if (!bounded) {
            s.sql("SELECT " + COLUMNS + " FROM activity_log").append(columns);
            if (!q.where().isEmpty()) {
                s.sql(columns.text().isEmpty() ? " WHERE " : " AND ").append(conditions);
            }
        } else {
            s.sql("SELECT " + COLUMNS + ", matched, examined FROM (SELECT e.*, coalesce((")
                    .append(conditions)
                    .sql("), false) AS matched FROM (SELECT id, occurred_at, actor, action, subject_type, subject_id,"
                            + " payload, app, row_number() OVER (ORDER BY occurred_at DESC, id DESC) AS examined"
                            + " FROM activity_log")
                    .append(columns)
                    .sql(" ORDER BY occurred_at DESC, id DESC LIMIT ?").param((ps, i) -> ps.setInt(i, SCAN_BUDGET))
                    .sql(") e) m WHERE matched OR examined = ?").param((ps, i) -> ps.setInt(i, SCAN_BUDGET));
        }
        s.sql(" ORDER BY occurred_at DESC, id DESC LIMIT ?").param((ps, i) -> ps.setInt(i, fetch + (bounded ? 1 : 0)));
        return new Search(s, settings, bounded);
    }

    private static void columnFilters(SqlQuery where, ActivityQuery q) {
        if (q.app() != null) {
            where.and("app = ?").param(text(q.app()));
        }
        if (q.actor() != null) {
            where.and("actor = ?").param(text(q.actor()));
        }
        if (q.action() != null) {
            where.and("action = ?").param(text(q.action()));
        }
        if (q.subjectId() != null) {
            where.and("subject_id = ?").param(text(q.subjectId()));
        }
        if (q.subjectType() != null) {
            where.and("subject_type = ?").param(text(q.subjectType()));
        }
        if (q.since() != null) {
            where.and("occurred_at >= ?").param(time(q.since()));
        }
        if (q.until() != null) {
            where.and("occurred_at < ?").param(time(q.until()));
        }
        if (q.cursor() != null) {
            ActivityCursor c = ActivityCursor.of(q);
            where.and("(occurred_at, id) < (?, ?)").param(time(c.instant())).param((ps, i) -> ps.setObject(i, c.id()));
        }
    }

    /** The statement that creates {@code p}'s index, made by the server's own quoting. */
    public static final String INDEX_DDL = """
            SELECT format('CREATE INDEX CONCURRENTLY IF NOT EXISTS %I ON activity_log (%s)', ?,
                          CASE ? WHEN 'number' THEN format('(payload #> %L::text[])', ?::text[])
                                 ELSE format('((payload #>> %L::text[]) COLLATE "C")', ?::text[]) END),
                   format('COMMENT ON INDEX %I IS %L', ?, ?)""";

    /** A path's index expression ({@link #INDEX_DDL}'s), for the indexes of a partitioned log's partitions. */
    public static final String INDEX_EXPRESSION = """
            SELECT CASE ? WHEN 'number' THEN format('(payload #> %L::text[])', ?::text[])
                          ELSE format('((payload #>> %L::text[]) COLLATE "C")', ?::text[]) END""";

    /** The partitions of the log (none when it is a plain table), and whether each has index ? attached. */
    public static final String PARTITIONS_AND_INDEX = """
            SELECT c.relname, EXISTS (SELECT 1 FROM pg_inherits ii JOIN pg_index x ON x.indexrelid = ii.inhrelid
                                      WHERE ii.inhparent = to_regclass(?) AND x.indrelid = c.oid)
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'activity_log'::regclass ORDER BY c.relname""";

    /** The expression indexes made by {@code tanken activity index add}, valid ones only. */
    public static final String INDEXED_PATHS = """
            SELECT ix.relname, obj_description(ix.oid, 'pg_class'), i.indisvalid
            FROM pg_index i JOIN pg_class ix ON ix.oid = i.indexrelid
            WHERE i.indrelid = 'activity_log'::regclass AND ix.relname LIKE 'activity\\_log\\_path\\_%'
            ORDER BY ix.relname""";

    /** The name of a path's index: a digest, as member names may hold any character. */
    public static String indexName(IndexedPath p) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(
                    (p.type() + "\u0000" + String.join("\u0000", p.path())).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "activity_log_path_" + java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void payload(SqlQuery where, PayloadCondition c, boolean indexed) {
        List<String> path = c.path();
        // Segments are member names on both backends; where #> could take one as an array
        // position, require the value holding it to be an object.
        for (int i = 1; i < path.size(); i++) {
            if (ARRAY_POSITION.matcher(path.get(i)).matches()) {
                where.and("jsonb_typeof(payload #> ?::text[]) = 'object'").param(path(path.subList(0, i)));
            }
        }
        switch (c.operation()) {
            case EQ -> where.and("payload @> ?::jsonb AND payload #> ?::text[] = ?::jsonb")
                    .param(text(Json.write(containment(path, c.value()))))
                    .param(path(path))
                    .param(text(Json.write(c.value())));
            // "IS NOT NULL" is implied by "<>" but, unlike it, is a btree search on the path's index.
            case NE -> {
                if (indexed) {
                    where.and("payload #> ?::text[] IS NOT NULL").param(path(path));
                }
                where.and("payload #> ?::text[] <> ?::jsonb").param(path(path)).param(text(Json.write(c.value())));
            }
            case IN -> {
                List<JsonNode> values = c.values();
                String[] containments = values.stream().map(v -> Json.write(containment(path, v))).toArray(String[]::new);
                String[] jsons = values.stream().map(Json::write).toArray(String[]::new);
                where.and("payload @> ANY(?::jsonb[]) AND payload #> ?::text[] = ANY(?::jsonb[])")
                        .param(array("text", containments))
                        .param(path(path))
                        .param(array("text", jsons));
            }
            case EXISTS -> where.and("payload #> ?::text[] IS NOT NULL").param(path(path));
            case GT, LT -> {
                boolean gt = c.operation() == PayloadCondition.Operation.GT;
                String op = gt ? " > " : " < ";
                if (c.value().isNumber() && indexed && gt) {
                    // In jsonb order every boolean, array and object sorts above every number, and
                    // strings and null below: two index bounds select exactly the greater numbers,
                    // which the planner estimates from the index's statistics (it cannot estimate
                    // jsonb_typeof).
                    where.and("payload #> ?::text[] > ?::jsonb AND payload #> ?::text[] < 'false'::jsonb")
                            .param(path(path)).param(text(Json.write(c.value()))).param(path(path));
                } else if (c.value().isNumber()) {
                    where.and("jsonb_typeof(payload #> ?::text[]) = 'number' AND payload #> ?::text[]" + op + "?::jsonb")
                            .param(path(path)).param(path(path)).param(text(Json.write(c.value())));
                } else {
                    // Byte order of UTF-8 is code point order, the order SQLite's BINARY collation uses.
                    where.and("jsonb_typeof(payload #> ?::text[]) = 'string' AND (payload #>> ?::text[]) COLLATE \"C\""
                            + op + "?").param(path(path)).param(path(path)).param(text(c.value().textValue()));
                }
            }
            default -> throw new IllegalStateException("unhandled operation " + c.operation());
        }
    }

    /** {@code {"a":{"b":value}}} for the path [a, b]. */
    static ObjectNode containment(List<String> path, JsonNode value) {
        ObjectNode root = Json.nodes().objectNode();
        ObjectNode at = root;
        for (int i = 0; i < path.size() - 1; i++) {
            at = at.putObject(path.get(i));
        }
        at.set(path.get(path.size() - 1), value);
        return root;
    }

    public static OffsetDateTime timestamptz(java.time.Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    private static SqlQuery.Param text(String value) {
        return (ps, i) -> ps.setString(i, value);
    }

    private static SqlQuery.Param time(java.time.Instant t) {
        OffsetDateTime value = timestamptz(t);
        return (ps, i) -> ps.setObject(i, value);
    }

    private static SqlQuery.Param path(List<String> segments) {
        return array("text", segments.toArray(String[]::new));
    }

    private static SqlQuery.Param array(String type, String[] values) {
        return (PreparedStatement ps, int i) -> {
            Array a = ps.getConnection().createArrayOf(type, values);
            ps.setArray(i, a);
        };
    }
}
