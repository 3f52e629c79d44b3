package dev.tanken.cache;

import dev.tanken.InvalidInputException;
import dev.tanken.spi.internal.Providers;
import dev.tanken.spi.internal.UrlRedaction;
import dev.tanken.cache.CacheProvider;

/** Opens a cache by URL through the backend on the class path ({@code tanken-redis}). */
public final class CacheServices {
    private CacheServices() {
    }

    /**
     * {@code redis://host:port[/db][?prefix=NAME]} for one Redis server, {@code
     * redis-cluster://host:port,host:port,...[?prefix=NAME]} for a Redis Cluster.
     *
     * @throws InvalidInputException if the URL is malformed or its backend is not on the class path
     * @throws dev.tanken.StorageException if the server cannot be reached
     */
    public static PostCacheService open(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidInputException("cache URL must not be empty");
        }
        return Providers.find(CacheProvider.class, "cache", url, UrlRedaction.redact(url)).open(url);
    }
}
