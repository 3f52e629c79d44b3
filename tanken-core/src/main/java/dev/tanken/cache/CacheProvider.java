package dev.tanken.cache;

import dev.tanken.spi.UrlProvider;

/**
 * A cache backend found by {@link dev.tanken.cache.CacheServices#open(String)} through {@link
 * java.util.ServiceLoader} ({@code META-INF/services/dev.tanken.cache.CacheProvider}); {@code
 * tanken-redis} provides {@code redis://} and {@code redis-cluster://}.
 */
public interface CacheProvider extends UrlProvider {
    /** Opens the cache {@code url} names; {@link #accepts(String)} was true for it. */
    PostCacheService open(String url);
}
