package dev.tanken.testing;

import dev.tanken.cache.CacheServices;
import dev.tanken.cache.PostCacheService;
import java.util.UUID;

/**
 * The shared test Redis ({@value #URL_ENV}, default {@value #DEFAULT_URL}) with a key prefix of the
 * test's own. Tests delete their prefix's keys afterwards; nobody flushes the shared server.
 */
public final class RedisTestNamespace {
    public static final String URL_ENV = "TANKEN_TEST_REDIS_URL";
    public static final String DEFAULT_URL = "redis://127.0.0.1:6379";

    private RedisTestNamespace() {
    }

    public static String uniquePrefix() {
        return "tt-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** The shared server's URL with a fresh prefix. */
    public static String url() {
        String base = System.getenv(URL_ENV);
        base = base == null || base.isBlank() ? DEFAULT_URL : base.strip();
        return base + (base.contains("?") ? "&" : "?") + "prefix=" + uniquePrefix();
    }

    /** Opens the shared server under a fresh prefix; fails loudly when it is not running. */
    public static PostCacheService open() {
        return CacheServices.open(url());
    }
}
