package dev.tanken.consistency;

import dev.tanken.cache.PostCacheService;
import dev.tanken.testing.RedisTestNamespace;

/** The cache tier on PostgreSQL and the shared Redis server. */
class RedisCacheTierTest extends CacheTierContract {
    @Override
    protected String cacheUrl() {
        return RedisTestNamespace.url();
    }

    @Override
    protected String cacheUrlOf(PostCacheService open) {
        String url = RedisTestNamespace.url();
        return url.substring(0, url.indexOf("prefix=")) + "prefix=" + open.namespace();
    }
}
