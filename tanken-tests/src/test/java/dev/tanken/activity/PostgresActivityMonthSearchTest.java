package dev.tanken.activity;

import static dev.tanken.activity.PayloadCondition.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.activity.internal.Uuid7;
import dev.tanken.db.DatabaseService;
import dev.tanken.model.Page;
import dev.tanken.postgres.internal.PostgresActivitySql;
import dev.tanken.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Containment (EQ/IN) searches on PostgreSQL read the log a window of months at a time, newest
 * first: the page must be exactly the newest matches of the whole log, in order, whichever
 * months and partitions (the default one included) they sit in, with cursors and time ranges.
 *
 * <p>The data: 40 entries a day from January to June 2025, every seventh flagged with
 * {@code flag.gid} 0..4; March has no partition (its entries sit in the default partition), and a
 * few entries lie far in the past (1999) and the future (2090), in the default partition too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresActivityMonthSearchTest {
    private PostgresTestDatabase schema;
    private DatabaseService db;
    private ActivityLog log;
    private final List<ActivityEntry> all = new ArrayList<>();

    @BeforeAll
    void fill() throws SQLException {
        schema = PostgresTestDatabase.createMigrated();
        db = schema.open("maxPoolSize=2");
        log = db.activityLog();
        Random random = new Random(5);
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        List<ActivityEntry> partitioned = new ArrayList<>();
        List<ActivityEntry> unpartitioned = new ArrayList<>();
        for (int i = 0; i < 181 * 40; i++) {
            Instant at = t0.plusSeconds(i * 2160L + random.nextInt(60));
            ActivityEntry e = entry(at, i, random);
            all.add(e);
            (at.toString().startsWith("2025-03") ? unpartitioned : partitioned).add(e);
        }
        for (String at : List.of("1999-05-01T00:00:00Z", "1999-05-02T00:00:00Z", "2090-01-01T00:00:00Z")) {
            ActivityEntry e = entry(Instant.parse(at), 7, random);
            all.add(e);
            unpartitioned.add(e);
        }
        log.load(partitioned.iterator(), 1000);
        // A schema recycled from an earlier test may keep (empty) partitions of its months.
        try (Connection c = schema.connect(); Statement s = c.createStatement()) {
            for (String month : List.of("2025_03", "1999_05", "2090_01")) {
                s.execute("DROP TABLE IF EXISTS activity_log_p" + month);
            }
        }
        // Written by plain INSERTs, which make no partition: these rows land in the default partition.
        try (Connection c = schema.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO activity_log"
                + " (id, occurred_at, actor, action, subject_type, subject_id, payload) VALUES (?, ?, ?, ?, ?, ?,"
                + " ?::jsonb)")) {
            for (ActivityEntry e : unpartitioned) {
                ps.setObject(1, e.id());
                ps.setObject(2, PostgresActivitySql.timestamptz(e.occurredAt()));
                ps.setString(3, e.actor());
                ps.setString(4, e.action());
                ps.setString(5, e.subjectType());
                ps.setString(6, e.subjectId());
                ps.setString(7, e.payloadJson());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (Connection c = schema.connect(); Statement s = c.createStatement()) {
            s.execute("ANALYZE activity_log");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM activity_log_default")) {
                rs.next();
                assertThat(rs.getLong(1)).as("entries in the default partition").isEqualTo(unpartitioned.size());
            }
        }
        all.sort(Comparator.comparing(ActivityEntry::occurredAt).thenComparing(ActivityEntry::id).reversed());
    }

    private static ActivityEntry entry(Instant at, int i, Random random) {
        String payload = i % 7 == 0 ? "{\"flag\":{\"gid\":" + (i / 7 % 5) + "},\"n\":" + i + "}"
                : "{\"client\":{\"app\":\"" + (i % 2 == 0 ? "ios" : "android") + "\"},\"n\":" + i + "}";
        return new ActivityEntry(Uuid7.at(at.toEpochMilli(), random), at, "u" + (i % 9), "post.like", "post",
                "p" + i, ActivityEntry.parsePayload(payload));
    }

    @AfterAll
    void drop() {
        if (db != null) {
            db.close();
        }
        if (schema != null) {
            schema.drop();
        }
    }

    private static Predicate<ActivityEntry> gidIn(int... gids) {
        return e -> {
            var flag = e.payload().get("flag");
            if (flag == null) {
                return false;
            }
            for (int g : gids) {
                if (flag.get("gid").asInt() == g) {
                    return true;
                }
            }
            return false;
        };
    }

    private List<ActivityEntry> expected(Predicate<ActivityEntry> matches, Instant since, Instant until, int limit) {
        return all.stream().filter(matches)
                .filter(e -> since == null || !e.occurredAt().isBefore(since))
                .filter(e -> until == null || e.occurredAt().isBefore(until))
                .limit(limit).toList();
    }

    private static List<java.util.UUID> ids(List<ActivityEntry> entries) {
        return entries.stream().map(ActivityEntry::id).toList();
    }

    @Test
    void everyPageOfARareInIsTheNewestMatchesInOrderAcrossMonthsAndTheDefaultPartition() {
        ActivityQuery q = ActivityQuery.newestFirst(50).where(PayloadCondition.in(List.of("flag", "gid"), json("[1,3]")));
        Predicate<ActivityEntry> matches = gidIn(1, 3);
        List<ActivityEntry> want = all.stream().filter(matches).toList();
        assertThat(want).hasSizeGreaterThan(250);
        List<ActivityEntry> got = new ArrayList<>();
        Page<ActivityEntry> page = log.search(q);
        got.addAll(page.items());
        // The newest match is the far-future one, in the default partition.
        assertThat(page.items().get(0).occurredAt()).isEqualTo(Instant.parse("2090-01-01T00:00:00Z"));
        while (page.nextCursor() != null) {
            page = log.search(q.after(page.nextCursor()));
            got.addAll(page.items());
        }
        assertThat(ids(got)).containsExactlyElementsOf(ids(want));
    }

    @Test
    void anEqAndATimeRangeSpanningTheMonthWithoutAPartition() {
        Instant since = Instant.parse("2025-02-20T00:00:00Z");
        Instant until = Instant.parse("2025-04-03T12:00:00Z");
        for (int limit : List.of(1, 7, 50, 500)) {
            ActivityQuery q = ActivityQuery.newestFirst(limit).withSince(since).withUntil(until)
                    .where(PayloadCondition.eq(List.of("flag", "gid"), json("2")));
            assertThat(ids(log.search(q).items())).as("limit " + limit)
                    .containsExactlyElementsOf(ids(expected(gidIn(2), since, until, limit)));
        }
        ActivityQuery common = ActivityQuery.newestFirst(20).withUntil(until)
                .where(PayloadCondition.eq(List.of("client", "app"), json("\"ios\"")));
        assertThat(ids(log.search(common).items())).containsExactlyElementsOf(ids(expected(
                e -> e.payload().path("client").path("app").asText().equals("ios"), null,
                until, 20)));
    }

    @Test
    void aValueNoEntryHasGivesAnEmptyPage() {
        ActivityQuery q = ActivityQuery.newestFirst(50).where(PayloadCondition.in(List.of("flag", "gid"), json("[98,99]")));
        assertThat(log.search(q).items()).isEmpty();
    }

    @Test
    void eachMonthsStatementReadsOnlyThatMonthsPartition() throws SQLException {
        ActivityQuery q = ActivityQuery.newestFirst(50).where(PayloadCondition.in(List.of("flag", "gid"), json("[1,3]")));
        var search = PostgresActivitySql.search(q, 51, List.of(), Instant.parse("2025-05-01T00:00:00Z"),
                Instant.parse("2025-06-01T00:00:00Z"));
        StringBuilder plan = new StringBuilder();
        try (Connection c = schema.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute(search.settings());
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + search.sql().text())) {
                search.sql().bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
            }
            c.rollback();
        }
        assertThat(plan.toString()).contains("activity_log_p2025_05")
                .doesNotContain("activity_log_p2025_04").doesNotContain("activity_log_p2025_06")
                .doesNotContain("activity_log_default");
    }
}
