package dev.tanken.consistency;

import dev.tanken.cache.PostCacheService;
import dev.tanken.testing.RedisClusterExtension;
import dev.tanken.testing.RedisTestCluster;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/** The cache tier contract on PostgreSQL and a three-master Redis Cluster, with a near cache in front. */
@ExtendWith(RedisClusterExtension.class)
@Tag("slow")
class RedisClusterNearCacheTierTest extends CacheTierContract {
    @Override
    protected String cacheUrl() {
        return RedisTestCluster.shared().url() + "&nearCache=1000";
    }

    @Override
    protected String cacheUrlOf(PostCacheService open) {
        String url = RedisTestCluster.shared().url();
        return url.substring(0, url.indexOf("prefix=")) + "prefix=" + open.namespace() + "&nearCache=1000";
    }

    @BeforeEach
    void awaitNearCacheOnline() {
        RedisNearCacheTierTest.awaitOnline(cache);
    }
}
