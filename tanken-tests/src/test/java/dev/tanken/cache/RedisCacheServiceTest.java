package dev.tanken.cache;

import dev.tanken.testing.RedisTestNamespace;
import java.net.URI;
import redis.clients.jedis.Jedis;

/** The cache contract against the shared Redis server, each test under a prefix of its own. */
class RedisCacheServiceTest extends CacheServiceContract {
    @Override
    protected PostCacheService newService() {
        return RedisTestNamespace.open();
    }

    @Override
    protected void forgetScripts() {
        try (Jedis jedis = new Jedis(URI.create(RedisTestNamespace.url()))) {
            jedis.scriptFlush();
        }
    }
}
