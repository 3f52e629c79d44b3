package dev.tanken.cache;

import dev.tanken.testing.RedisTestNamespace;

/** The cache contract against the shared Redis server, each test under a prefix of its own. */
class RedisCacheServiceTest extends CacheServiceContract {
    @Override
    protected PostCacheService newService() {
        return RedisTestNamespace.open();
    }
}
