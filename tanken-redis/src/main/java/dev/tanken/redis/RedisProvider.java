package dev.tanken.redis;

import dev.tanken.cache.PostCacheService;
import dev.tanken.cache.CacheProvider;
import dev.tanken.cache.NearPostCache;
import dev.tanken.redis.internal.RedisUrl;
import dev.tanken.redis.internal.TrackingInvalidationFeed;
import java.time.Duration;
import java.util.List;

/** Opens {@code redis://…} and {@code redis-cluster://…} for {@link dev.tanken.cache.CacheServices}. */
public final class RedisProvider implements CacheProvider {
    /** How often a near cache's invalidation connection is checked for life. */
    private static final Duration PING_INTERVAL = Duration.ofSeconds(1);

    @Override
    public List<String> prefixes() {
        return List.of("redis://", "redis-cluster://");
    }

    @Override
    public PostCacheService open(String url) {
        RedisPostCacheService cache = RedisPostCacheService.open(url);
        RedisUrl parsed = RedisUrl.parse(url);
        if (parsed.nearCache() == 0) {
            return cache;
        }
        return new NearPostCache(cache, parsed.nearCache(), new TrackingInvalidationFeed(parsed, PING_INTERVAL));
    }
}
