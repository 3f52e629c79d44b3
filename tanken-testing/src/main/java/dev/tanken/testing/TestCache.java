package dev.tanken.testing;

import dev.tanken.cache.CacheServices;
import dev.tanken.cache.PostCacheService;
import java.util.Objects;

/**
 * A cache namespace of one test's own (a unique key prefix) on the test Redis server or on the
 * three-master test Redis Cluster. {@link #close()} deletes the namespace's keys; the servers are
 * shared and never flushed.
 */
public final class TestCache implements AutoCloseable {
    /** The cache servers a test can run on. */
    public enum Kind {
        REDIS, REDIS_CLUSTER
    }

    private final Kind kind;
    private final String url;

    private TestCache(Kind kind, String url) {
        this.kind = kind;
        this.url = url;
    }

    public static TestCache of(Kind kind) {
        return switch (Objects.requireNonNull(kind, "kind")) {
            case REDIS -> redis();
            case REDIS_CLUSTER -> redisCluster();
        };
    }

    /** A namespace on {@link TestServers#redisUrl()}. */
    public static TestCache redis() {
        return new TestCache(Kind.REDIS, RedisTestNamespace.url());
    }

    /** A namespace on the JVM's {@link RedisTestCluster#shared() shared cluster}, started on first use. */
    public static TestCache redisCluster() {
        return new TestCache(Kind.REDIS_CLUSTER, RedisTestCluster.shared().url());
    }

    public Kind kind() {
        return kind;
    }

    /** The cache's Tanken URL, prefix included. */
    public String url() {
        return url;
    }

    /** Opens a cache service through {@link #url()}; the caller closes it. */
    public PostCacheService open() {
        return CacheServices.open(url);
    }

    @Override
    public void close() {
        try (PostCacheService c = open()) {
            c.deleteNamespace();
        }
    }

    @Override
    public String toString() {
        return kind == Kind.REDIS ? "redis" : "redis-cluster";
    }
}
