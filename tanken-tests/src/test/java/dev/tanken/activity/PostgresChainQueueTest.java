package dev.tanken.activity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tanken.postgres.PostgresDatabaseService;
import dev.tanken.postgres.internal.PostgresActivitySql;
import dev.tanken.postgres.internal.PostgresSchema;
import dev.tanken.postgres.internal.PostgresUrl;
import dev.tanken.testing.PostgresTestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL the chain's queue carries a copy of each queued row (V11), and the sealer hashes
 * that copy instead of looking every entry up in the partitioned log. These tests pin that the
 * copy gives the same links as the look-up, that rows queued before V11 (no copy) are still sealed,
 * and that an entry changed or deleted between its insert and its sealing is found by verify (the
 * link hashes the row as inserted).
 */
class PostgresChainQueueTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PostgresTestDatabase db;

    @BeforeEach
    void create() {
        db = PostgresTestDatabase.create();
    }

    @AfterEach
    void drop() {
        if (db != null) {
            db.drop();
        }
    }

    private static ObjectNode invoice(int i) {
        ObjectNode e = JSON.createObjectNode();
        e.put("id", "inv-" + i);
        e.put("occurredAt", "2025-03-0" + (1 + i % 3) + "T09:00:00.12345" + (i % 10) + "+09:00");
        e.put("app", "billing");
        e.put("actor", "alice");
        e.put("action", "invoice.paid");
        e.put("subjectType", "invoice");
        e.put("subjectId", "inv-" + i);
        ObjectNode payload = e.putObject("payload");
        payload.put("zeta", i);
        payload.put("amount", new BigDecimal("12.50"));
        payload.put("big", new BigDecimal("1E+2"));
        payload.putObject("nested").put("b", "é\"x\u0001").put("a", 2);
        payload.putArray("items").addObject().put("sku", "s-" + i).put("qty", 1);
        return e;
    }

    private static List<ObjectNode> invoices(int from, int to) {
        List<ObjectNode> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(invoice(i));
        }
        return out;
    }

    private void sql(String statement) {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement + ": " + e.getMessage(), e);
        }
    }

    private String idOf(String sourceId) {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT id FROM activity_log WHERE source_id = '" + sourceId + "'")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every link as "app seq entry hash", in chain order. */
    private List<String> links() {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT app, seq, entry_id, hash FROM activity_chain ORDER BY app, seq")) {
            while (rs.next()) {
                out.add(rs.getString(1) + ' ' + rs.getLong(2) + ' ' + rs.getString(3) + ' ' + rs.getString(4));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @Test
    void theQueuesCopyGivesTheSameLinksAsLookingTheEntriesUp() throws Exception {
        try (PostgresDatabaseService service = PostgresDatabaseService.open(db.url())) {
            ActivityLog log = service.activityLog();
            log.ingest().addApp("billing");
            log.ingest().append(invoices(0, 30));
            // Keep the queue as the trigger filled it, then seal from the copies.
            sql("CREATE TABLE queue_kept AS SELECT * FROM activity_unsealed ORDER BY n");
            assertThat(log.chain().seal()).isEqualTo(30);
            List<String> fromCopies = links();
            assertThat(fromCopies).hasSize(30);

            // The same queue as rows without copies (as V9 queued them): each is looked up in the log.
            sql("DELETE FROM activity_chain");
            sql("INSERT INTO activity_unsealed (id, occurred_at) SELECT id, occurred_at FROM queue_kept ORDER BY n");
            assertThat(log.chain().seal()).isEqualTo(30);

            assertThat(links()).isEqualTo(fromCopies);
            assertThat(log.chain().verify(null, null, List.of()).holds()).isTrue();
        }
    }

    @Test
    void entriesQueuedBeforeV11AreSealedFromTheLogAndVerify() throws Exception {
        HikariConfig config = new HikariConfig();
        PostgresUrl url = PostgresUrl.parse(db.url());
        config.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        config.setMaximumPoolSize(2);
        config.addDataSourceProperty("currentSchema", db.schema() + ",public");
        Map<String, String> queued = new LinkedHashMap<>();
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Flyway.configure(PostgresSchema.class.getClassLoader()).dataSource(pool).schemas(db.schema())
                    .defaultSchema(db.schema()).table(PostgresSchema.HISTORY_TABLE)
                    .locations(PostgresSchema.LOCATION).target("10").load().migrate();
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                // In the default partition (no month has one yet): making the invoices' month moves these rows, which
                // must not queue them a second time.
                s.execute("INSERT INTO activity_log (id, occurred_at, actor, action, subject_type, subject_id, payload,"
                        + " app, source_id) SELECT ('0190a000-0000-7000-8000-' || lpad(i::text, 12, '0'))::uuid,"
                        + " timestamptz '2025-03-01 09:00:00.5+00' + i * interval '1 second', 'bob', 'invoice.paid',"
                        + " 'invoice', 'i' || i, jsonb_build_object('n', i, 'x', 1.50), 'tanken', NULL"
                        + " FROM generate_series(1, 5) i");
                try (ResultSet rs = s.executeQuery("SELECT n, id FROM activity_unsealed ORDER BY n")) {
                    while (rs.next()) {
                        queued.put(rs.getString(2), rs.getString(1));
                    }
                }
            }
        }
        assertThat(queued).hasSize(5);
        try (PostgresDatabaseService service = PostgresDatabaseService.open(db.url())) {
            ActivityLog log = service.activityLog();
            log.ingest().addApp("billing");
            log.ingest().append(invoices(0, 3));
            // Five rows without copies, then three with them.
            assertThat(log.chain().pending()).isEqualTo(8);
            assertThat(log.chain().seal()).isEqualTo(8);
            assertThat(log.chain().pending()).isZero();
            ChainVerification v = log.chain().verify(null, null, log.chain().heads(null));
            assertThat(v.holds()).as("%s", v).isTrue();
            assertThat(v.links()).isEqualTo(8);
            assertThat(links().stream().filter(l -> l.startsWith("tanken ")).map(l -> l.split(" ")[2]).toList())
                    .containsExactlyElementsOf(queued.keySet());
        }
    }

    @Test
    void anEntryEditedBeforeItIsSealedIsNamed() {
        try (PostgresDatabaseService service = PostgresDatabaseService.open(db.url())) {
            ActivityLog log = service.activityLog();
            log.ingest().addApp("billing");
            log.ingest().append(invoices(0, 5));
            String id = idOf("inv-2");
            sql("UPDATE activity_log SET actor = 'mallory' WHERE source_id = 'inv-2'");
            log.chain().seal();

            ChainVerification v = log.chain().verify(null, null, List.of());
            assertThat(v.holds()).isFalse();
            assertThat(v.breaks()).singleElement().satisfies(b -> {
                assertThat(b.entryId()).hasToString(id);
                assertThat(b.problem()).contains("does not match its hash");
            });
        }
    }

    @Test
    void anEntryDeletedBeforeItIsSealedIsNamed() {
        try (PostgresDatabaseService service = PostgresDatabaseService.open(db.url())) {
            ActivityLog log = service.activityLog();
            log.ingest().addApp("billing");
            log.ingest().append(invoices(0, 5));
            String id = idOf("inv-3");
            sql("DELETE FROM activity_log WHERE source_id = 'inv-3'");
            log.chain().seal();

            ChainVerification v = log.chain().verify(null, null, List.of());
            assertThat(v.breaks()).singleElement().satisfies(b -> {
                assertThat(b.entryId()).hasToString(id);
                assertThat(b.problem()).contains("missing from the log");
            });
        }
    }

    /** The plan of the sealer's take, in a transaction rolled back: text lines of EXPLAIN. */
    private String takePlan(int limit) throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) "
                    + PostgresActivitySql.TAKE_QUEUED.replace("?", Integer.toString(limit)));
                    ResultSet rs = ps.executeQuery()) {
                StringBuilder plan = new StringBuilder();
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
                return plan.toString();
            } finally {
                c.rollback();
            }
        }
    }

    @Test
    void theSealerTakesTheFrontOfALongQueueWithoutReadingAllOfIt() throws Exception {
        try (PostgresDatabaseService service = PostgresDatabaseService.open(db.url())) {
            // A backlog of 60,000 queued copies (the sealer was away), the first 1,000 already deleted
            // (sealed) and not yet vacuumed.
            sql("INSERT INTO activity_unsealed (id, occurred_at, app, actor, action, subject_type, subject_id, source_id,"
                    + " payload) SELECT gen_random_uuid(), timestamptz '2025-03-01 00:00+00' + i * interval '1 ms',"
                    + " 'billing', 'alice', 'invoice.paid', 'invoice', 'inv-' || i, 'inv-' || i, jsonb_build_object('i', i)"
                    + " FROM generate_series(1, 60000) i");
            sql("DELETE FROM activity_unsealed WHERE n <= 1000");
            sql("ANALYZE activity_unsealed");

            String plan = takePlan(5000);
            // Before, a hash semi join over "Seq Scan on activity_unsealed": every queued row read per batch.
            assertThat(plan).doesNotContain("Seq Scan").contains("activity_unsealed_pkey");
            assertThat(plan).containsPattern("Delete on activity_unsealed \\(actual rows=5000 ");
        }
    }

    @Test
    void aRowQueuedByATransactionStillOpenIsSealedAfterItCommitsAndNothingIsSealedTwice() throws Exception {
        try (PostgresDatabaseService service = PostgresDatabaseService.open(db.url())) {
            ActivityLog log = service.activityLog();
            log.ingest().addApp("billing");
            log.ingest().append(invoices(0, 4));
            try (Connection open = db.connect()) {
                open.setAutoCommit(false);
                try (Statement s = open.createStatement()) {
                    // Queued between the invoices before and after it: its n falls inside the sealer's range.
                    s.execute("INSERT INTO activity_log (id, occurred_at, actor, action, subject_type, subject_id,"
                            + " payload, app) VALUES ('0190a000-0000-7000-8000-000000000001', timestamptz"
                            + " '2025-03-02 09:00:00+00', 'bob', 'invoice.voided', 'invoice', 'inv-1', '{}', 'tanken')");
                }
                log.ingest().append(invoices(4, 9));
                assertThat(log.chain().seal()).isEqualTo(9);
                assertThat(log.chain().seal()).isZero();
                open.commit();
            }
            assertThat(log.chain().pending()).isEqualTo(1);
            assertThat(log.chain().seal()).isEqualTo(1);
            assertThat(log.chain().pending()).isZero();
            assertThat(links()).hasSize(10);
            ChainVerification v = log.chain().verify(null, null, log.chain().heads(null));
            assertThat(v.holds()).as("%s", v).isTrue();
            assertThat(v.links()).isEqualTo(10);
        }
    }

    @Test
    void aBacklogLongerThanOneBatchIsSealedWholeInQueueOrder() throws Exception {
        try (PostgresDatabaseService service = PostgresDatabaseService.open(db.url())) {
            ActivityLog log = service.activityLog();
            log.ingest().addApp("billing");
            List<ObjectNode> all = new ArrayList<>();
            for (int i = 0; i < 12_001; i++) {
                ObjectNode e = invoice(i);
                e.put("id", "bulk-" + i);
                all.add(e);
            }
            for (int from = 0; from < all.size(); from += 1000) {
                log.ingest().append(all.subList(from, Math.min(from + 1000, all.size())));
            }
            assertThat(log.chain().seal()).isEqualTo(12_001);
            assertThat(log.chain().pending()).isZero();
            // Link order is queue order: the entries' source ids in the order they were appended.
            List<String> sealed = new ArrayList<>();
            try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT l.source_id FROM activity_chain k JOIN activity_log l ON l.id = k.entry_id"
                            + " AND l.occurred_at = k.occurred_at WHERE k.app = 'billing' ORDER BY k.seq")) {
                while (rs.next()) {
                    sealed.add(rs.getString(1));
                }
            }
            assertThat(sealed).containsExactlyElementsOf(all.stream().map(e -> e.get("id").asText()).toList());
            assertThat(log.chain().verify(null, null, log.chain().heads(null)).holds()).isTrue();
        }
    }
}
