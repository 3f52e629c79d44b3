package dev.tanken.activity;

import static dev.tanken.activity.PayloadCondition.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tanken.postgres.internal.PostgresActivitySql;
import dev.tanken.activity.internal.SqlQuery;
import dev.tanken.activity.internal.Uuid7;
import dev.tanken.InvalidInputException;
import dev.tanken.model.Page;
import dev.tanken.postgres.PostgresDatabaseService;
import dev.tanken.postgres.internal.PostgresUrl;
import dev.tanken.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The generic-plan trap. A search is one statement shape executed with ever different values. After
 * five executions of a server-prepared statement PostgreSQL may switch to a generic plan, built
 * without the values; for {@code payload @> $1 ORDER BY occurred_at DESC LIMIT n} that plan walks
 * the time index backwards and filters, which for a rare value reads the whole table. pgjdbc
 * prepares on the server from the fifth execution on, so every application crosses that threshold.
 *
 * <p>The data: 30 000 entries whose payload field {@code k} takes 100 values (1% each, about what
 * PostgreSQL assumes for a containment it knows nothing about), three old entries flagged with
 * {@code {"flag":{"gid":777}}}, and 2% "post.report" entries with a {@code report.gid} of 0..9999.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresActivityPlanTest {
    private static final int ENTRIES = 30_000;
    private static final String RARE = "{\"flag\":{\"gid\":777}}";
    /**
     * The entries all fall in January 2025, so the plans read that month's partition: its indexes are
     * the parent's, named after the partition by PostgreSQL.
     */
    private static final String TIME_INDEX = "activity_log_p2025_01_occurred_at_id_idx";
    private static final String ACTION_INDEX = "activity_log_p2025_01_action_occurred_at_id_idx";
    private static final String PAYLOAD_INDEX = "activity_log_p2025_01_payload_idx";
    /** A Sort node; a Merge Append's "Sort Key:" line (partitions merged in order) is not one. */
    private static final String SORT_NODE = "(^|->  )Sort  \\(";
    private static final Instant JANUARY = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant FEBRUARY = Instant.parse("2025-02-01T00:00:00Z");

    private PostgresTestDatabase schema;
    private HikariDataSource pool;
    private PostgresDatabaseService service;
    private ActivityLog log;

    @BeforeAll
    void fill() throws SQLException {
        schema = PostgresTestDatabase.createMigrated();
        // Flyway needs two connections: migrate through a service of its own first.
        PostgresDatabaseService.open(schema.url()).close();
        // One connection: the service's statements and our inspection run in the same session.
        HikariConfig config = new HikariConfig();
        PostgresUrl url = PostgresUrl.parse(schema.url());
        config.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        config.setMaximumPoolSize(1);
        config.addDataSourceProperty("currentSchema", schema.schema() + ",public");
        pool = new HikariDataSource(config);
        service = PostgresDatabaseService.open(pool, schema.schema());
        log = service.activityLog();
        Random random = new Random(11);
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        Iterator<ActivityEntry> entries = IntStream.range(0, ENTRIES).mapToObj(i -> {
            Instant at = t0.plusSeconds(i);
            boolean report = i % 50 == 7;
            String payload = i < 3 ? RARE : report ? "{\"report\":{\"gid\":" + random.nextInt(10_000) + "}}"
                    : "{\"client\":{\"app\":\"" + (i % 2 == 0 ? "ios" : "android") + "\"},\"k\":"
                    + random.nextInt(100) + "}";
            return new ActivityEntry(Uuid7.at(at.toEpochMilli(), random), at, "u" + (i % 50),
                    report ? "post.report" : "post.like", "post", "p" + i, ActivityEntry.parsePayload(payload));
        }).iterator();
        log.load(entries, 10_000);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("ANALYZE activity_log");
        }
    }

    @AfterAll
    void drop() {
        if (service != null) {
            service.close();
        }
        if (pool != null) {
            pool.close();
        }
        if (schema != null) {
            schema.drop();
        }
    }

    /** PREPARE, five executions with 1%-values, then the plan for the rare value. */
    private static String planAfterWarmUp(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("PREPARE " + name + "(jsonb, int) AS SELECT id FROM activity_log WHERE payload @> $1"
                    + " ORDER BY occurred_at DESC, id DESC LIMIT $2");
            for (int k = 1; k <= 6; k++) {
                s.execute("EXECUTE " + name + "('{\"k\":" + k + "}', 51)");
            }
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE " + name + "('" + RARE + "', 51)")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            s.execute("DEALLOCATE " + name);
            return plan.toString();
        }
    }

    @Test
    void byDefaultTheSixthExecutionSwitchesToABackwardScanOfTheTimeIndex() throws SQLException {
        // The trap itself, shown on this server, so that the next test proves something.
        try (Connection c = pool.getConnection()) {
            String plan = planAfterWarmUp(c, "trap");
            assertThat(plan).contains("Index Scan Backward using " + TIME_INDEX)
                    .contains("Filter: (payload @> $1)")
                    .doesNotContain("payload_idx");
        }
    }

    @Test
    void forcedCustomPlansUseTheGinIndexForARareValueAndTheTimeIndexForACommonOne() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                s.execute(PostgresActivitySql.SEARCH_SETTINGS);
                String rare = planAfterWarmUp(c, "forced");
                // The month that holds the data reads the GIN index, never a walk of its time index; a
                // nearly empty month may be read either way, at no cost.
                assertThat(rare).contains("Bitmap Index Scan on " + PAYLOAD_INDEX)
                        .doesNotContain("Index Scan Backward using " + TIME_INDEX);
                s.execute("PREPARE common(jsonb, int) AS SELECT id FROM activity_log WHERE payload @> $1"
                        + " ORDER BY occurred_at DESC, id DESC LIMIT $2");
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE common('{\"client\":{\"app\":\"ios\"}}', 51)")) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                assertThat(plan.toString()).contains("Index Scan Backward using " + TIME_INDEX);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    @Test
    void theServicesSearchesStayCustomPlannedAfterPgjdbcPreparesThemOnTheServer() throws SQLException {
        ActivityQuery shape = ActivityQuery.newestFirst(50);
        for (int k = 1; k <= 8; k++) {
            int value = k;
            List<ActivityEntry> found = log.search(shape.where(PayloadCondition.eq(List.of("k"), json("" + value))))
                    .items();
            assertThat(found).hasSize(50).allSatisfy(e -> assertThat(e.payload().get("k").asInt()).isEqualTo(value));
        }
        ActivityQuery rare = shape.where(PayloadCondition.eq(List.of("flag", "gid"), json("777")));
        assertThat(log.search(rare).items()).hasSize(3);

        // A containment is read a month at a time: the statement of a window with both ends.
        assertThat(PostgresActivitySql.readsByMonth(rare)).isTrue();
        String sql = PostgresActivitySql.search(rare, 51, List.of(), JANUARY, FEBRUARY).sql().text();
        try (Connection c = pool.getConnection()) {
            long[] plans = plans(c, sql);
            // pgjdbc turned the statement into a named server-side one, and every execution of it
            // was planned for its own values. (For this statement's full shape, containment plus
            // exact equality, PostgreSQL's generic plan is even a sequential scan and sort.)
            assertThat(plans[1]).as("custom plans").isGreaterThanOrEqualTo(5);
            assertThat(plans[0]).as("generic plans").isZero();

        }
    }

    @Test
    void aRareInReadsItsMonthThroughTheGinIndexAndNoOtherPartition() throws SQLException {
        ActivityQuery q = ActivityQuery.newestFirst(50)
                .where(PayloadCondition.in(List.of("flag", "gid"), json("[776,777,778]")));
        assertThat(PostgresActivitySql.readsByMonth(q)).isTrue();
        PostgresActivitySql.Search search = PostgresActivitySql.search(q, 51, List.of(), JANUARY, FEBRUARY);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                s.execute(search.settings());
                StringBuilder plan = new StringBuilder();
                try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + search.sql().text())) {
                    search.sql().bind(ps);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            plan.append(rs.getString(1)).append('\n');
                        }
                    }
                }
                // One bitmap of the few matches, sorted; never a walk of the month's time index, and
                // no other partition (the default one included) is read for this window.
                assertThat(plan.toString()).contains("Bitmap Index Scan on " + PAYLOAD_INDEX)
                        .doesNotContain("Index Scan Backward using " + TIME_INDEX)
                        .doesNotContain("activity_log_default").doesNotContain("activity_log_p2026");
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
        assertThat(log.search(q).items()).hasSize(3)
                .allSatisfy(e -> assertThat(e.payload().get("flag").get("gid").asInt()).isEqualTo(777));
        ActivityQuery common = ActivityQuery.newestFirst(50)
                .where(PayloadCondition.in(List.of("client", "app"), json("[\"ios\",\"web\"]")));
        assertThat(log.search(common).items()).hasSize(50)
                .allSatisfy(e -> assertThat(e.payload().get("client").get("app").asText()).isEqualTo("ios"));
    }

    @Test
    void aSearchWithoutContainmentWalksAnIndexInResultOrderAndStopsEarly() throws SQLException {
        // PostgreSQL guesses "report.gid > 9000" rare (it has no statistics for the path) and would
        // rather fetch all reports and sort them; on a large log that reads every report.
        ActivityQuery q = ActivityQuery.newestFirst(50).withAction("post.report")
                .where(PayloadCondition.gt(List.of("report", "gid"), json("9000")));
        SqlQuery sql = PostgresActivitySql.search(q, 51);
        assertThat(PostgresActivitySql.settingsFor(q)).isEqualTo(PostgresActivitySql.SEARCH_SETTINGS_INDEX_ORDER);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                s.execute(PostgresActivitySql.settingsFor(q));
                StringBuilder plan = new StringBuilder();
                try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql.text())) {
                    sql.bind(ps);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            plan.append(rs.getString(1)).append('\n');
                        }
                    }
                }
                assertThat(plan.toString()).contains("Index Scan Backward using " + ACTION_INDEX)
                        .doesNotContainPattern(java.util.regex.Pattern.compile(SORT_NODE, java.util.regex.Pattern.MULTILINE));
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
        List<ActivityEntry> found = log.search(q).items();
        assertThat(found).isNotEmpty().allSatisfy(e -> {
            assertThat(e.action()).isEqualTo("post.report");
            assertThat(e.payload().get("report").get("gid").asInt()).isGreaterThan(9000);
        });
    }

    @Test
    void anUnindexedRareRangeStopsAfterItsScanBudgetAndAsksForANarrowerTimeRange() {
        // The three flagged entries are the oldest: a walk from the newest end meets them only
        // after reading nearly the whole log.
        ActivityQuery rare = ActivityQuery.newestFirst(50).where(PayloadCondition.gt(List.of("flag", "gid"), json("500")));
        assertThatThrownBy(() -> log.search(rare)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("examined " + PostgresActivitySql.SCAN_BUDGET + " entries")
                .hasMessageContaining("GT flag.gid")
                .hasMessageContaining("narrow the time range (--since/--until)");
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        assertThat(log.search(rare.withUntil(t0.plusSeconds(ENTRIES - PostgresActivitySql.SCAN_BUDGET))).items())
                .hasSize(3);
        // A condition that fills the page within the budget is answered as before, cursor included.
        ActivityQuery common = ActivityQuery.newestFirst(50).where(PayloadCondition.ne(List.of("client", "app"), json("\"ios\"")));
        Page<ActivityEntry> first = log.search(common);
        assertThat(first.items()).hasSize(50).allSatisfy(e -> assertThat(e.payload().get("client").get("app").asText()).isEqualTo("android"));
        assertThat(first.nextCursor()).isNotNull();
        assertThat(log.search(common.after(first.nextCursor())).items()).hasSize(50)
                .allSatisfy(e -> assertThat(e.occurredAt()).isBefore(first.items().get(49).occurredAt()));
    }

    /** {generic, custom} plan counts of the session's server-side statement with this text. */
    private static long[] plans(Connection c, String sql) throws SQLException {
        List<long[]> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = ?")) {
            // pgjdbc sends the ? placeholders as $1, $2, ... (the activity SQL has no other '?').
            String text = sql;
            for (int n = 1; text.contains("?"); n++) {
                text = text.replaceFirst("\\?", "\\$" + n);
            }
            ps.setString(1, text);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new long[] {rs.getLong(1), rs.getLong(2)});
                }
            }
        }
        assertThat(rows).as("server-side prepared statements for the search").hasSize(1);
        return rows.get(0);
    }
}
