package dev.tanken.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.db.DatabaseService;
import dev.tanken.postgres.PostgresDatabaseService;
import dev.tanken.testing.PostgresTestDatabase;
import dev.tanken.testing.TestServers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;

/**
 * Other applications XADD entries (the documented stream protocol, plain string fields) to the
 * ingest stream on the harness's Redis; an ingest worker JVM is killed with SIGKILL in the middle of
 * a batch, then a new one drains the stream: every valid entry is in the PostgreSQL log exactly
 * once, and every invalid one is exactly one dead letter.
 */
@Tag("slow")
class IngestWorkerCrashTest {
    private static final int ENTRIES = 600;
    private static final int BATCH = 100;

    private PostgresTestDatabase schema;
    private DatabaseService db;
    private String redisUrl;
    private String key;
    private final Set<String> validIds = new HashSet<>();

    /** Every 50th entry, offset 7, breaks the envelope (its payload is an array). */
    private static boolean invalid(int i) {
        return i % 50 == 7;
    }

    @BeforeEach
    void setUp() {
        schema = PostgresTestDatabase.createMigrated();
        db = PostgresDatabaseService.open(schema.urlWith("schema=" + schema.schema() + "&maxPoolSize=2"));
        db.activityLog().ingest().addApp("orders");
        redisUrl = TestServers.redisUrl();
        key = "tanken-test:" + UUID.randomUUID() + ":ingest";
        try (UnifiedJedis jedis = RedisClient.create(java.net.URI.create(redisUrl))) {
            for (int i = 0; i < ENTRIES; i++) {
                Map<String, String> fields = new LinkedHashMap<>();
                fields.put("id", "order-" + i);
                fields.put("occurredAt", "2025-03-01T09:00:00Z");
                fields.put("app", "orders");
                fields.put("actor", "user" + (i % 10));
                fields.put("action", "order.placed");
                fields.put("subjectType", "order");
                fields.put("subjectId", "o-" + i);
                fields.put("payload", invalid(i) ? "[" + i + "]" : "{\"i\":" + i + "}");
                jedis.xadd(key, StreamEntryID.NEW_ENTRY, fields);
                if (!invalid(i)) {
                    validIds.add("order-" + i);
                }
            }
        }
    }

    @AfterEach
    void tearDown() {
        if (redisUrl != null) {
            try (UnifiedJedis jedis = RedisClient.create(java.net.URI.create(redisUrl))) {
                jedis.del(key);
            }
        }
        if (db != null) {
            db.close();
        }
        if (schema != null) {
            schema.drop();
        }
    }

    private static long validBefore(int n) {
        long valid = 0;
        for (int i = 0; i < n; i++) {
            valid += invalid(i) ? 0 : 1;
        }
        return valid;
    }

    @ParameterizedTest
    @ValueSource(strings = {"hang-after-commit:3", "hang-before-commit:3"})
    void aWorkerKilledMidBatchLosesNothingAndStoresNothingTwice(String mode) throws Exception {
        Process first = worker(mode);
        try {
            awaitLine(first, "HANG");
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks in the worker
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        boolean committed = mode.startsWith("hang-after-commit");
        long stored = validBefore(committed ? 3 * BATCH : 2 * BATCH);
        assertThat(db.activityLog().count()).isEqualTo(stored);
        try (RedisActivityStream stream = RedisActivityStream.openForIngest(redisUrl, key)) {
            assertThat(stream.pendingCount()).isEqualTo(BATCH);
        }

        Process second = worker("drain");
        String done = awaitLine(second, "DONE");
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isZero();
        long invalidTotal = ENTRIES - validBefore(ENTRIES);
        // Either way the second worker handles entries 200 to 599: the pending batch, then the rest.
        long invalidSeen = (ENTRIES - 2 * BATCH) - (validBefore(ENTRIES) - validBefore(2 * BATCH));
        // The restarted worker re-sent the unacknowledged batch; after a commit its valid entries were duplicates.
        assertThat(done).isEqualTo("DONE stored=" + (validBefore(ENTRIES) - stored) + " duplicates="
                + (committed ? validBefore(3 * BATCH) - validBefore(2 * BATCH) : 0) + " rejected=" + invalidSeen);

        assertThat(db.activityLog().count()).isEqualTo(validIds.size());
        try (Connection c = schema.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT source_id FROM activity_log WHERE app = 'orders'")) {
            List<String> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(validIds);
        }
        assertThat(db.activityLog().ingest().deadLetters(1000)).hasSize((int) invalidTotal)
                .allSatisfy(d -> assertThat(d.reason()).contains("payload must be a JSON object"));
        try (RedisActivityStream stream = RedisActivityStream.openForIngest(redisUrl, key)) {
            assertThat(stream.pendingCount()).isZero();
            assertThat(stream.length()).isZero();
        }
    }

    private Process worker(String mode) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), IngestWorkerProcess.class.getName(), redisUrl, key,
                schema.urlWith("schema=" + schema.schema() + "&maxPoolSize=2"), "worker-1", String.valueOf(BATCH), mode)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** Reads the worker's report lines until one starts with {@code prefix}; fails if it exits first. */
    private static String awaitLine(Process p, String prefix) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        for (String line; (line = out.readLine()) != null;) {
            seen.add(line);
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("worker ended (exit " + p.waitFor() + ") before reporting " + prefix + "; it said " + seen);
    }
}
