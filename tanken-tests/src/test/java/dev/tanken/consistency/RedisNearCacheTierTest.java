package dev.tanken.consistency;

import dev.tanken.cache.NearPostCache;
import dev.tanken.cache.PostCacheService;
import dev.tanken.testing.RedisTestNamespace;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;

/** The cache tier contract on PostgreSQL and the shared Redis server, with a near cache in front. */
class RedisNearCacheTierTest extends CacheTierContract {
    @Override
    protected String cacheUrl() {
        return RedisTestNamespace.url() + "&nearCache=1000";
    }

    @Override
    protected String cacheUrlOf(PostCacheService open) {
        String url = RedisTestNamespace.url();
        return url.substring(0, url.indexOf("prefix=")) + "prefix=" + open.namespace() + "&nearCache=1000";
    }

    /** The contract runs with the near cache serving, not with it still waiting for its connection. */
    @BeforeEach
    void awaitNearCacheOnline() {
        awaitOnline(cache);
    }

    static void awaitOnline(PostCacheService cache) {
        NearPostCache near = (NearPostCache) cache;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!near.online()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the near cache did not come online within 60 s");
            }
            LockSupport.parkNanos(2_000_000);
        }
    }
}
