package dev.tanken.activity;

import static dev.tanken.activity.PayloadCondition.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.InvalidInputException;
import dev.tanken.activity.internal.Uuid7;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.DatabaseServices;
import dev.tanken.postgres.IndexedPath;
import dev.tanken.postgres.PostgresActivityLog;
import dev.tanken.postgres.internal.PostgresActivitySql;
import dev.tanken.postgres.internal.PostgresUrl;
import dev.tanken.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Expression indexes for payload paths ({@code tanken activity index add}). In a database of the
 * test's own: {@code CREATE INDEX CONCURRENTLY} waits for every older transaction of its database,
 * and the shared test database always has some.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresIndexedPathTest {
    private static final int ENTRIES = 30_000;

    private String database;
    private String url;
    private DatabaseService service;
    private PostgresActivityLog log;

    @BeforeAll
    void fill() throws SQLException {
        database = PostgresTestDatabase.uniqueName("tanken_paths_");
        try (Connection c = connect(PostgresTestDatabase.baseUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        url = PostgresTestDatabase.baseUrl().replaceFirst("/[^/?]+(\\?.*)?$", "/" + database) + "?schema=tanken";
        service = DatabaseServices.open(url);
        log = (PostgresActivityLog) service.activityLog();
        Random random = new Random(5);
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        // The three entries with flag.gid are the oldest, and a string at flag.gid in one more.
        log.load(IntStream.range(0, ENTRIES).mapToObj(i -> {
            Instant at = t0.plusSeconds(i);
            String payload = i < 3 ? "{\"flag\":{\"gid\":" + (700 + i) + "}}"
                    : i == 3 ? "{\"flag\":{\"gid\":\"701\"}}" : "{\"k\":" + random.nextInt(100) + "}";
            return new ActivityEntry(Uuid7.at(at.toEpochMilli(), random), at, "u" + (i % 50), "post.like", "post",
                    "p" + i, ActivityEntry.parsePayload(payload));
        }).iterator(), 10_000);
    }

    @AfterAll
    void drop() throws SQLException {
        if (service != null) {
            service.close();
        }
        if (database != null) {
            try (Connection c = connect(PostgresTestDatabase.baseUrl()); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    private static Connection connect(String url) throws SQLException {
        PostgresUrl u = PostgresUrl.parse(url);
        Properties props = u.connectionProperties();
        if (url.contains("schema=")) {
            props.setProperty("currentSchema", u.schema() + ",public");
        }
        return DriverManager.getConnection(u.jdbcUrl(), props);
    }

    @Test
    void anIndexedPathAnswersRareRangeNotEqualAndExistsFromItsIndex() throws SQLException {
        IndexedPath gid = new IndexedPath(List.of("flag", "gid"), IndexedPath.Type.NUMBER);
        IndexedPath gidText = new IndexedPath(List.of("flag", "gid"), IndexedPath.Type.TEXT);
        ActivityQuery base = ActivityQuery.newestFirst(50);
        assertThatThrownBy(() -> log.search(base.where(PayloadCondition.exists(gid.path()))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("narrow the time range");

        assertThat(log.addIndexedPath(gid)).isTrue();
        assertThat(log.addIndexedPath(gidText)).isTrue();
        try {
            assertThat(log.addIndexedPath(gid)).as("already there").isFalse();
            assertThat(log.indexedPaths()).containsExactlyInAnyOrder(gid, gidText);
            record Case(PayloadCondition condition, IndexedPath index, int found) {
            }
            for (Case c : List.of(new Case(PayloadCondition.gt(gid.path(), json("500")), gid, 3),
                    new Case(PayloadCondition.gt(gid.path(), json("701")), gid, 1),
                    new Case(PayloadCondition.lt(gid.path(), json("702")), gid, 2),
                    new Case(PayloadCondition.ne(gid.path(), json("700")), gid, 3),
                    new Case(PayloadCondition.exists(gid.path()), gid, 4),
                    new Case(PayloadCondition.gt(gid.path(), json("\"700\"")), gidText, 1))) {
                ActivityQuery q = base.where(c.condition());
                assertThat(log.search(q).items()).as(c.condition().toString()).hasSize(c.found());
                PostgresActivitySql.Search search = PostgresActivitySql.search(q, 51, log.indexedPaths());
                assertThat(search.bounded()).isFalse();
                assertThat(explain(search)).as(c.condition().toString())
                        .contains(PostgresActivitySql.indexName(c.index()));
            }
        } finally {
            assertThat(log.removeIndexedPath(gid)).isTrue();
            assertThat(log.removeIndexedPath(gidText)).isTrue();
        }
        assertThat(log.removeIndexedPath(gid)).isFalse();
        assertThat(log.indexedPaths()).isEmpty();
        assertThatThrownBy(() -> log.search(base.where(PayloadCondition.exists(gid.path()))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("narrow the time range");
    }

    private String explain(PostgresActivitySql.Search search) throws SQLException {
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
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
            c.rollback();
            return plan.toString();
        }
    }
}
