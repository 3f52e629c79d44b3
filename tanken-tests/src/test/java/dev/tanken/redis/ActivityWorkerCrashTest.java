package dev.tanken.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ActivityQuery;
import dev.tanken.db.DatabaseService;
import dev.tanken.postgres.PostgresDatabaseService;
import dev.tanken.model.Page;
import dev.tanken.testing.PostgresTestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Tag;

/**
 * A worker JVM is killed with SIGKILL in the middle of a batch, then a new one starts: every entry
 * ends up in the PostgreSQL log exactly once.
 */
@Tag("slow")
class ActivityWorkerCrashTest {
    private static final int ENTRIES = 600;
    private static final int BATCH = 100;

    private PostgresTestDatabase schema;
    private DatabaseService db;
    private RedisTestStream redis;
    private final List<UUID> published = new ArrayList<>();

    @BeforeEach
    void setUp() {
        schema = PostgresTestDatabase.createMigrated();
        db = PostgresDatabaseService.open(schema.urlWith("schema=" + schema.schema() + "&maxPoolSize=2"));
        redis = new RedisTestStream();
        redis.stream.ensureGroup();
        for (int i = 0; i < ENTRIES; i++) {
            ActivityEntry e = ActivityEntry.now("user" + (i % 10), "post.like", "post", "p" + i,
                    ActivityEntry.newPayload().put("i", i));
            redis.stream.publish(e);
            published.add(e.id());
        }
    }

    @AfterEach
    void tearDown() {
        if (redis != null) {
            redis.close();
        }
        if (db != null) {
            db.close();
        }
        if (schema != null) {
            schema.drop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hang-after-commit:3", "hang-before-commit:3"})
    void aWorkerKilledMidBatchLosesNothingAndWritesNothingTwice(String mode) throws Exception {
        Process first = worker(mode);
        try {
            awaitLine(first, "HANG");
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks in the worker
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        boolean committed = mode.startsWith("hang-after-commit");
        // The kill hit the batch where intended: after its commit or before its transaction, and
        // in both cases before its acknowledgement.
        assertThat(db.activityLog().count()).isEqualTo(committed ? 3L * BATCH : 2L * BATCH);
        assertThat(redis.stream.pendingCount()).isEqualTo(BATCH);

        Process second = worker("drain");
        String done = awaitLine(second, "DONE");
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isZero();
        // The restarted worker re-read the unacknowledged batch; after a commit it was all duplicates.
        assertThat(done).isEqualTo("DONE written=" + (committed ? ENTRIES - 3 * BATCH : ENTRIES - 2 * BATCH)
                + " duplicates=" + (committed ? BATCH : 0));

        assertThat(db.activityLog().count()).isEqualTo(ENTRIES);
        Set<UUID> stored = new HashSet<>();
        String cursor = null;
        do {
            Page<ActivityEntry> page = db.activityLog().search(ActivityQuery.newestFirst(1000).after(cursor));
            page.items().forEach(e -> assertThat(stored.add(e.id())).as("stored once: %s", e.id()).isTrue());
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(stored).containsExactlyInAnyOrderElementsOf(published);
        assertThat(redis.stream.pendingCount()).isZero();
        assertThat(redis.stream.length()).isZero();
    }

    private Process worker(String mode) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), WorkerProcess.class.getName(), redis.url, redis.key,
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
