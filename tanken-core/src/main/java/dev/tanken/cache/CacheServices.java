package dev.tanken.cache;

import dev.tanken.cache.redis.RedisPostCacheService;

/** Opens a cache by URL. */
public final class CacheServices {
    private CacheServices() {
    }

    /**
     * {@code redis://host:port[/db][?prefix=NAME]} for one Redis server, {@code
     * redis-cluster://host:port,host:port,...[?prefix=NAME]} for a Redis Cluster.
     *
     * @throws dev.tanken.InvalidInputException if the URL is malformed
     * @throws dev.tanken.StorageException if the server cannot be reached
     */
    public static PostCacheService open(String url) {
        return RedisPostCacheService.open(url);
    }
}
