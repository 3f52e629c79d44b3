package dev.tanken.redis;

import dev.tanken.cache.PostCacheService;
import dev.tanken.cache.CacheProvider;
import java.util.List;

/** Opens {@code redis://…} and {@code redis-cluster://…} for {@link dev.tanken.cache.CacheServices}. */
public final class RedisProvider implements CacheProvider {
    @Override
    public List<String> prefixes() {
        return List.of("redis://", "redis-cluster://");
    }

    @Override
    public PostCacheService open(String url) {
        return RedisPostCacheService.open(url);
    }
}
