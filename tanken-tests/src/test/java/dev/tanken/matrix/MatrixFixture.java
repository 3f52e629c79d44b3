package dev.tanken.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.cache.CachedPost;
import dev.tanken.cache.PostCacheService;
import dev.tanken.consistency.CacheTierOptions;
import dev.tanken.consistency.CachingDatabaseService;
import dev.tanken.consistency.WritePolicy;
import dev.tanken.db.DatabaseService;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.testing.TestCache;
import dev.tanken.testing.TestDatabase;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.SoftAssertions;

/**
 * The services of one {@link Combination} for one test, and the invariants checked after it.
 *
 * <p>Write-back: the contracts read right after they write and expect to see the write, which the
 * tier promises only once the queue is applied. So the service a contract gets flushes the tier
 * after every call it makes (a proxy over the {@link DatabaseService} interface): every write is
 * queued in Redis, then applied by the real flusher code before the next call. The proxy is
 * written against the interface rather than its methods, so it keeps working however the write
 * methods are spelled. The background flusher stays off, so nothing is applied behind the test's
 * back.
 */
final class MatrixFixture implements AutoCloseable {
    private final Combination combination;
    private final TestDatabase database;
    private final TestCache cache;
    /** The tier's database and cache, kept by the fixture so the checks can use them after the test closed the tier. */
    private final DatabaseService raw;
    private final PostCacheService cacheService;
    private final DatabaseService service;

    private MatrixFixture(Combination combination, TestDatabase database, TestCache cache, DatabaseService raw,
            PostCacheService cacheService, DatabaseService service) {
        this.combination = combination;
        this.database = database;
        this.cache = cache;
        this.raw = raw;
        this.cacheService = cacheService;
        this.service = service;
    }

    static MatrixFixture open(Combination combination, Path dir) {
        TestDatabase database = TestDatabase.of(combination.database(), dir);
        DatabaseService raw = database.open();
        if (!combination.cached()) {
            return new MatrixFixture(combination, database, null, raw, null, raw);
        }
        TestCache cache = TestCache.of(combination.cache());
        CacheTierOptions options = CacheTierOptions.DEFAULTS.withDefaultPolicy(combination.policy())
                .withFlusher(false, 100, Duration.ofMillis(20), Duration.ofSeconds(5))
                .withDrainTimeout(Duration.ofSeconds(30));
        PostCacheService cacheService = cache.open();
        CachingDatabaseService tier = CachingDatabaseService.using(raw, cacheService, options);
        DatabaseService service = combination.policy() == WritePolicy.WRITE_BACK ? flushingAfterEachCall(tier) : tier;
        return new MatrixFixture(combination, database, cache, raw, cacheService, service);
    }

    /** What the contract under test gets. */
    DatabaseService service() {
        return service;
    }

    private static DatabaseService flushingAfterEachCall(CachingDatabaseService tier) {
        AtomicBoolean closed = new AtomicBoolean();
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "flushing " + tier;
                };
            }
            if (method.getName().equals("close")) {
                // Closing drains the queue; a closed tier's flush would wait for a pool that is gone.
                closed.set(true);
            }
            try {
                return method.invoke(tier, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                if (!closed.get()) {
                    tier.flush();
                }
            }
        };
        return (DatabaseService) Proxy.newProxyInstance(MatrixFixture.class.getClassLoader(),
                new Class<?>[] {DatabaseService.class}, handler);
    }

    /**
     * Counters equal rows; under a cache, the write-back queue is drained and every cached post equals
     * the database's. Checked on fresh connections, so a test that closed its service is checked too.
     */
    void checkInvariants() throws SQLException {
        if (cacheService != null && combination.policy() == WritePolicy.WRITE_BACK) {
            // What a test queued last, or left queued when one of its calls failed on purpose (a race
            // among threads, a refusal), is applied before the cache is compared with the database,
            // by a tier of the checks' own: the test's may be closed.
            try (CachingDatabaseService last = CachingDatabaseService.using(raw, cacheService, CacheTierOptions.DEFAULTS
                    .withFlusher(false, 100, Duration.ofMillis(20), Duration.ofSeconds(5))
                    .withDrainTimeout(Duration.ofSeconds(30)))) {
                last.flush();
                // The test's own tier may still be running: its flusher can hold an entry it has
                // read and not yet acknowledged when the flush above returns. Drained means drained
                // once that flusher is done, so wait (bounded) and flush again rather than race it.
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (cacheService.writeBackQueue().length() > 0 && System.nanoTime() < deadline) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                    last.flush();
                }
            }
        }
        SoftAssertions soft = new SoftAssertions();
        List<PostId> ids = new ArrayList<>();
        String key = combination.database() == TestDatabase.Kind.POSTGRES ? "post_id" : "id";
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            for (String counter : List.of("likes", "bookmarks", "comments")) {
                try (ResultSet rs = s.executeQuery("SELECT p.post_id, p." + counter + ", (SELECT count(*) FROM "
                        + counter + " x WHERE x.post_id = p." + key + ") FROM posts p")) {
                    while (rs.next()) {
                        soft.assertThat(rs.getLong(2)).as("%s counter of post %s equals its rows", counter,
                                rs.getString(1)).isEqualTo(rs.getLong(3));
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT post_id FROM posts")) {
                while (rs.next()) {
                    ids.add(PostId.parse(rs.getString(1)));
                }
            }
        }
        if (cacheService != null) {
            PostCacheService c = cacheService;
            {
                soft.assertThat(c.writeBackQueue().length()).as("write-back queue length after the test").isZero();
                for (CachedPost cached : c.getPosts(ids)) {
                    Optional<Post> stored = raw.findPost(cached.id());
                    switch (cached.state()) {
                        case HIT -> soft.assertThat(Optional.ofNullable(cached.post()))
                                .as("cached post %s equals the database's", cached.id()).isEqualTo(stored);
                        case DELETED -> soft.assertThat(stored).as("post %s cached as deleted", cached.id()).isEmpty();
                        case DETAILS_ONLY, MISS -> {
                            // Counters (or everything) come from the database: nothing cached to disagree.
                        }
                    }
                }
            }
        }
        soft.assertAll();
    }

    @Override
    public void close() {
        try (TestDatabase recycleSchema = database) {
            service.close();
            if (cacheService != null) {
                try (PostCacheService c = cacheService) {
                    c.deleteNamespace();
                }
                raw.close();
            }
        }
    }
}
