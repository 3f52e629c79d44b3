package dev.tanken.consistency;

import dev.tanken.cache.PostCacheService;
import dev.tanken.testing.RedisClusterExtension;
import dev.tanken.testing.RedisTestCluster;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Tag;

/** The cache tier on PostgreSQL and a three-master Redis Cluster. */
@ExtendWith(RedisClusterExtension.class)
@Tag("slow")
class RedisClusterCacheTierTest extends CacheTierContract {
    @Override
    protected String cacheUrl() {
        return RedisTestCluster.shared().url();
    }

    @Override
    protected String cacheUrlOf(PostCacheService open) {
        String url = RedisTestCluster.shared().url();
        return url.substring(0, url.indexOf("prefix=")) + "prefix=" + open.namespace();
    }
}
