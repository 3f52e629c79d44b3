package dev.tanken.sqlite.internal;

import dev.tanken.activity.internal.SqlQuery;
import dev.tanken.activity.internal.Micros;
import dev.tanken.activity.internal.ActivityCursor;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tanken.activity.ActivityQuery;
import dev.tanken.activity.PayloadCondition;
import java.math.BigDecimal;
import java.util.List;

/**
 * The activity log's SQL for SQLite. Payload paths become JSON path strings ({@code $."a"."b"}) that
 * are bound as parameters of {@code json_extract}/{@code json_type}; every segment is quoted, with
 * {@code "} and {@code \} written as {@code \u0022} and {@code \u005c}, so a segment containing dots,
 * brackets, quotes or a {@code $} names exactly one member and nothing else.
 */
public final class SqliteActivitySql {
    public static final String COLUMNS = "id, occurred_at, actor, action, subject_type, subject_id, payload, app";

    public static final String INSERT = "INSERT INTO activity_log (id, occurred_at, actor, action, subject_type,"
            + " subject_id, payload, app) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * An entry from another application, with its own id for it; a repeat of an (app, source id)
     * already stored is skipped, as is a repeat of an entry id.
     */
    public static final String INGEST = "INSERT INTO activity_log (id, occurred_at, actor, action, subject_type,"
            + " subject_id, payload, app, source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    /** Only a duplicate id is skipped; any other violation still fails (unlike INSERT OR IGNORE). */
    public static final String APPEND = INSERT + " ON CONFLICT (id) DO NOTHING";

    public static final String FIND = "SELECT " + COLUMNS + " FROM activity_log WHERE id = ?";

    public static final String COUNT = "SELECT count(*) FROM activity_log";

    private SqliteActivitySql() {
    }

    public static SqlQuery search(ActivityQuery q, int fetch) {
        SqlQuery s = new SqlQuery().sql("SELECT " + COLUMNS + " FROM activity_log");
        if (q.app() != null) {
            s.and("app = ?").param(text(q.app()));
        }
        if (q.actor() != null) {
            s.and("actor = ?").param(text(q.actor()));
        }
        if (q.action() != null) {
            s.and("action = ?").param(text(q.action()));
        }
        if (q.subjectId() != null) {
            s.and("subject_id = ?").param(text(q.subjectId()));
        }
        if (q.subjectType() != null) {
            s.and("subject_type = ?").param(text(q.subjectType()));
        }
        if (q.since() != null) {
            long since = Micros.of(q.since());
            s.and("occurred_at >= ?").param((ps, i) -> ps.setLong(i, since));
        }
        if (q.until() != null) {
            long until = Micros.of(q.until());
            s.and("occurred_at < ?").param((ps, i) -> ps.setLong(i, until));
        }
        if (q.cursor() != null) {
            ActivityCursor c = ActivityCursor.of(q);
            s.and("(occurred_at, id) < (?, ?)").param((ps, i) -> ps.setLong(i, c.micros()))
                    .param(text(c.id().toString()));
        }
        for (PayloadCondition condition : q.where()) {
            payload(s, condition);
        }
        return s.sql(" ORDER BY occurred_at DESC, id DESC LIMIT ?").param((ps, i) -> ps.setInt(i, fetch));
    }

    /** The JSON path of the member named by the segments, each quoted. */
    public static String jsonPath(List<String> segments) {
        StringBuilder b = new StringBuilder("$");
        for (String segment : segments) {
            b.append(".\"").append(segment.replace("\\", "\\u005c").replace("\"", "\\u0022")).append('"');
        }
        return b.toString();
    }

    private static void payload(SqlQuery s, PayloadCondition c) {
        String path = jsonPath(c.path());
        switch (c.operation()) {
            case EQ -> equal(s.and(""), path, c.value());
            case NE -> {
                s.and("json_type(payload, ?) IS NOT NULL AND NOT ").param(text(path));
                equal(s, path, c.value());
            }
            case IN -> {
                s.and("(");
                List<JsonNode> values = c.values();
                for (int i = 0; i < values.size(); i++) {
                    equal(s.sql(i == 0 ? "" : " OR "), path, values.get(i));
                }
                s.sql(")");
            }
            case EXISTS -> s.and("json_type(payload, ?) IS NOT NULL").param(text(path));
            case GT, LT -> {
                String op = c.operation() == PayloadCondition.Operation.GT ? " > ?" : " < ?";
                s.and(c.value().isNumber()
                        ? "json_type(payload, ?) IN ('integer', 'real') AND json_extract(payload, ?)" + op
                        : "json_type(payload, ?) = 'text' AND json_extract(payload, ?)" + op)
                        .param(text(path)).param(text(path)).param(scalar(c.value()));
            }
            default -> throw new IllegalStateException("unhandled operation " + c.operation());
        }
    }

    /**
     * Appends "the value at the path equals this JSON scalar" in parentheses. The JSON type is
     * checked as well as the SQL value, because json_extract maps both {@code true} and {@code 1}
     * to the integer 1, and both {@code null} and a missing member to NULL.
     */
    private static void equal(SqlQuery s, String path, JsonNode value) {
        switch (value.getNodeType()) {
            case STRING -> s.sql("(json_type(payload, ?) = 'text' AND json_extract(payload, ?) = ?)")
                    .param(text(path)).param(text(path)).param(scalar(value));
            case NUMBER -> s.sql("(json_type(payload, ?) IN ('integer', 'real') AND json_extract(payload, ?) = ?)")
                    .param(text(path)).param(text(path)).param(scalar(value));
            case BOOLEAN -> s.sql(value.booleanValue() ? "(json_type(payload, ?) = 'true')" : "(json_type(payload, ?) = 'false')")
                    .param(text(path));
            case NULL -> s.sql("(json_type(payload, ?) = 'null')").param(text(path));
            default -> throw new IllegalStateException("not a scalar: " + value.getNodeType());
        }
    }

    /** A string as TEXT; a number as INTEGER when it is a whole number in range, else as REAL. */
    private static SqlQuery.Param scalar(JsonNode value) {
        if (value.isTextual()) {
            return text(value.textValue());
        }
        BigDecimal d = value.decimalValue();
        try {
            long exact = d.longValueExact();
            return (ps, i) -> ps.setLong(i, exact);
        } catch (ArithmeticException notALong) {
            double approx = d.doubleValue();
            return (ps, i) -> ps.setDouble(i, approx);
        }
    }

    private static SqlQuery.Param text(String value) {
        return (ps, i) -> ps.setString(i, value);
    }
}
