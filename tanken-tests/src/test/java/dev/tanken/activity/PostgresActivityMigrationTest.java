package dev.tanken.activity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tanken.activity.IngestResult.Status;
import dev.tanken.activity.internal.Uuid7;
import dev.tanken.postgres.PostgresDatabaseService;
import dev.tanken.postgres.internal.PostgresSchema;
import dev.tanken.postgres.internal.PostgresUrl;
import dev.tanken.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** Migration V8 turns an unpartitioned activity log into monthly partitions and keeps every row. */
class PostgresActivityMigrationTest {
    @Test
    void v8KeepsTheRowsOfAnUnpartitionedLogAndTheApplicationsIds() throws Exception {
        PostgresTestDatabase db = PostgresTestDatabase.create();
        try {
            Instant own = Instant.parse("2019-05-03T10:00:00Z");
            Instant billing = Instant.parse("2024-11-02T10:00:00.123456Z");
            UUID ownId = Uuid7.at(own);
            UUID billingId = Uuid7.at(billing);
            HikariConfig config = new HikariConfig();
            PostgresUrl url = PostgresUrl.parse(db.url());
            config.setJdbcUrl(url.jdbcUrl());
            if (url.user() != null) {
                config.setUsername(url.user());
            }
            config.setMaximumPoolSize(2);
            config.addDataSourceProperty("currentSchema", db.schema() + ",public");
            try (HikariDataSource pool = new HikariDataSource(config)) {
                Flyway.configure(PostgresSchema.class.getClassLoader()).dataSource(pool).schemas(db.schema())
                        .defaultSchema(db.schema()).table(PostgresSchema.HISTORY_TABLE)
                        .locations(PostgresSchema.LOCATION).target("7").load().migrate();
                try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO activity_log (id, occurred_at, actor, action, subject_type, subject_id, payload,"
                                + " app, source_id) VALUES (?, ?, ?, 'invoice.paid', 'invoice', 'i1', '{\"a\":1}', ?, ?)")) {
                    Object[][] rows = {{ownId, own, "alice", "tanken", null}, {billingId, billing, "bob", "billing", "s1"}};
                    for (Object[] r : rows) {
                        ps.setObject(1, r[0]);
                        ps.setObject(2, OffsetDateTime.ofInstant((Instant) r[1], ZoneOffset.UTC));
                        ps.setString(3, (String) r[2]);
                        ps.setString(4, (String) r[3]);
                        ps.setString(5, (String) r[4]);
                        ps.executeUpdate();
                    }
                    try (Statement s = c.createStatement()) {
                        s.execute("INSERT INTO activity_apps (name, key_hash, created_at) VALUES ('billing', 'h', 0)");
                    }
                }
            }

            try (PostgresDatabaseService service = PostgresDatabaseService.open(db.url())) {
                ActivityLog log = service.activityLog();
                assertThat(log.find(ownId)).hasValueSatisfying(e -> assertThat(e.actor()).isEqualTo("alice"));
                assertThat(log.find(billingId)).hasValueSatisfying(e -> {
                    assertThat(e.app()).isEqualTo("billing");
                    assertThat(e.occurredAt()).isEqualTo(billing);
                });
                assertThat(log.count()).isEqualTo(2);
                ObjectNode again = new ObjectMapper().createObjectNode();
                again.put("id", "s1");
                again.put("occurredAt", "2025-01-01T00:00:00Z");
                again.put("app", "billing");
                again.put("actor", "bob");
                again.put("action", "invoice.paid");
                again.put("subjectType", "invoice");
                again.put("subjectId", "i1");
                assertThat(log.ingest().append(List.of(again)).outcomes().get(0).status()).isEqualTo(Status.DUPLICATE);
            }
            try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT (SELECT count(*) FROM activity_log_p2019_05), (SELECT count(*) FROM activity_log_p2024_11),"
                            + " (SELECT count(*) FROM activity_log_default), (SELECT count(*) FROM activity_keys)")) {
                rs.next();
                assertThat(List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                        .containsExactly(1L, 1L, 0L, 1L);
            }
        } finally {
            db.drop();
        }
    }
}
