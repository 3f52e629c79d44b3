package dev.tanken.testing;

import dev.tanken.cache.CacheServices;
import dev.tanken.cache.PostCacheService;
import java.util.UUID;

/**
 * The test Redis ({@link TestServers#redisUrl()}) with a key prefix of the test's own. Tests delete
 * their prefix's keys afterwards; nobody flushes a server that may be shared.
 */
public final class RedisTestNamespace {
    private RedisTestNamespace() {
    }

    public static String uniquePrefix() {
        return "tt-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** The server's URL with a fresh prefix. */
    public static String url() {
        String base = TestServers.redisUrl();
        return base + (base.contains("?") ? "&" : "?") + "prefix=" + uniquePrefix();
    }

    /** Opens the server under a fresh prefix; fails loudly when it is not running. */
    public static PostCacheService open() {
        return CacheServices.open(url());
    }
}
