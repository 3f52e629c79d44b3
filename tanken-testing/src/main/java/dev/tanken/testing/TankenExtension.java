package dev.tanken.testing;

import dev.tanken.Tanken;
import dev.tanken.TankenConfig;
import dev.tanken.consistency.WritePolicy;
import dev.tanken.db.DatabaseService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands each test a real {@link Tanken} over a fresh database, optionally with a Redis cache tier,
 * and takes it all down afterwards.
 *
 * <pre>{@code
 * class MyAppTest {
 *     @RegisterExtension
 *     final TankenExtension tanken = TankenExtension.postgres().withRedis(WritePolicy.WRITE_BACK);
 *
 *     @Test
 *     void uploads(Tanken t) {   // or tanken.tanken()
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>SQLite lives in a temporary directory. PostgreSQL is a migrated schema of the test's own on the
 * server {@link TestServers#postgresUrl()} finds ({@code TANKEN_TEST_POSTGRES_URL}, else a
 * Testcontainers container when a Docker engine is present); Redis is a key prefix of the test's own
 * on {@link TestServers#redisUrl()} or on a three-master Redis Cluster of local {@code redis-server}
 * processes. The backend modules must be on the test class path (tanken-sqlite, tanken-postgres,
 * tanken-redis): everything is opened by URL. Blobs go to the temporary directory.
 *
 * <p>Parameters of type {@link Tanken}, {@link DatabaseService}, {@link TestDatabase} and (when a
 * cache is configured) {@link TestCache} are resolved. One test at a time per instance: register it
 * on an instance field (or give each parallel test class its own).
 */
public final class TankenExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private final TestDatabase.Kind database;
    private final TestCache.Kind cache;
    private final WritePolicy policy;

    private Path home;
    private TestDatabase db;
    private TestCache testCache;
    private Tanken tanken;

    /** SQLite without a cache, for {@code @ExtendWith(TankenExtension.class)}. */
    public TankenExtension() {
        this(TestDatabase.Kind.SQLITE, null, null);
    }

    private TankenExtension(TestDatabase.Kind database, TestCache.Kind cache, WritePolicy policy) {
        this.database = Objects.requireNonNull(database, "database");
        this.cache = cache;
        this.policy = policy;
    }

    /** A SQLite file in a temporary directory. */
    public static TankenExtension sqlite() {
        return new TankenExtension(TestDatabase.Kind.SQLITE, null, null);
    }

    /** A migrated PostgreSQL schema of the test's own. */
    public static TankenExtension postgres() {
        return new TankenExtension(TestDatabase.Kind.POSTGRES, null, null);
    }

    /** The same database behind a cache tier on the test Redis, writing with {@code policy}. */
    public TankenExtension withRedis(WritePolicy policy) {
        return new TankenExtension(database, TestCache.Kind.REDIS, Objects.requireNonNull(policy, "policy"));
    }

    /** The same database behind a cache tier on the three-master test Redis Cluster. */
    public TankenExtension withRedisCluster(WritePolicy policy) {
        return new TankenExtension(database, TestCache.Kind.REDIS_CLUSTER, Objects.requireNonNull(policy, "policy"));
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        home = Files.createTempDirectory("tanken-test-");
        try {
            db = TestDatabase.of(database, home);
            testCache = cache == null ? null : TestCache.of(cache);
            tanken = Tanken.open(new TankenConfig(home, db.url(), null, null,
                    testCache == null ? null : testCache.url(), policy));
        } catch (RuntimeException e) {
            afterEach(context);
            throw e;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try (AutoCloseable dropSchema = db; AutoCloseable deleteKeys = testCache) {
            if (tanken != null) {
                tanken.close();
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            tanken = null;
            db = null;
            testCache = null;
            deleteTree(home);
            home = null;
        }
    }

    /** This test's Tanken. */
    public Tanken tanken() {
        return require(tanken);
    }

    /** This test's database as Tanken reaches it (through the cache tier when one is configured). */
    public DatabaseService database() {
        return tanken().database();
    }

    /** This test's database: its kind and URL. */
    public TestDatabase testDatabase() {
        return require(db);
    }

    /** This test's cache namespace, when a cache is configured. */
    public Optional<TestCache> testCache() {
        require(tanken);
        return Optional.ofNullable(testCache);
    }

    /** The test's temporary directory: the SQLite file and the blobs live here. */
    public Path home() {
        return require(home);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Tanken.class || type == DatabaseService.class || type == TestDatabase.class
                || (type == TestCache.class && cache != null);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == Tanken.class) {
            return tanken();
        }
        if (type == DatabaseService.class) {
            return database();
        }
        if (type == TestDatabase.class) {
            return testDatabase();
        }
        return testCache().orElseThrow();
    }

    private static <T> T require(T value) {
        if (value == null) {
            throw new IllegalStateException("TankenExtension: only available while a test runs");
        }
        return value;
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the test directory " + root, e);
        }
    }

    @Override
    public String toString() {
        return database.name().toLowerCase(java.util.Locale.ROOT)
                + (cache == null ? "" : " + " + cache.name().toLowerCase(java.util.Locale.ROOT) + " " + policy);
    }
}
