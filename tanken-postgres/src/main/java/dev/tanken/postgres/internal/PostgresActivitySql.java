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
import java.util.List;
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
            ON CONFLICT (id) DO NOTHING""";

    /**
     * Entries from other applications, each with the application's own id for it: a repeat of an
     * (app, source id) already stored, or of an entry id, is skipped. Returns the source ids stored.
     */
    public static final String INGEST = """
            INSERT INTO activity_log (id, occurred_at, actor, action, subject_type, subject_id, payload, app,
                                      source_id)
            SELECT u.id, 'epoch'::timestamptz + u.us * interval '1 microsecond', u.actor, u.action, u.stype, u.sid,
                   u.payload::jsonb, u.app, u.source_id
            FROM unnest(?::uuid[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[])
                 AS u (id, us, actor, action, stype, sid, payload, app, source_id)
            ON CONFLICT DO NOTHING
            RETURNING app, source_id""";

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

    /** The search for one page; {@code fetch} is the page size plus one (to know if more follow). */
    public static SqlQuery search(ActivityQuery q, int fetch) {
        SqlQuery s = new SqlQuery().sql("SELECT " + COLUMNS + " FROM activity_log");
        SqlQuery where = s;
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
        for (PayloadCondition condition : q.where()) {
            payload(where, condition);
        }
        return s.sql(" ORDER BY occurred_at DESC, id DESC LIMIT ?").param((ps, i) -> ps.setInt(i, fetch));
    }

    private static void payload(SqlQuery where, PayloadCondition c) {
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
            case NE -> where.and("payload #> ?::text[] <> ?::jsonb")
                    .param(path(path))
                    .param(text(Json.write(c.value())));
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
                String op = c.operation() == PayloadCondition.Operation.GT ? " > " : " < ";
                if (c.value().isNumber()) {
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
