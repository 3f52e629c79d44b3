package dev.tanken.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.model.GeoPoint;
import dev.tanken.testing.RedisClusterExtension;
import dev.tanken.testing.RedisTestCluster;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Tag;

/** The cache contract against a real three-master Redis Cluster started for this test JVM. */
@ExtendWith(RedisClusterExtension.class)
@Tag("slow")
class RedisClusterCacheServiceTest extends CacheServiceContract {
    @Override
    protected PostCacheService newService() {
        return CacheServices.open(RedisTestCluster.shared().url());
    }

    @Override
    protected void forgetScripts() {
        for (int port : RedisTestCluster.shared().ports()) {
            try (redis.clients.jedis.Jedis node = new redis.clients.jedis.Jedis("127.0.0.1", port)) {
                node.scriptFlush();
            }
        }
    }

    @Test
    void theGeoIndexOfACitySpreadsOverTheNodes() throws Exception {
        List<GeoCell> cells = cache.cellsCovering(GeoPoint.of(35.68, 139.76), 20_000).orElseThrow();
        assertThat(cells.size()).isGreaterThan(9);
        Set<Integer> slots = new HashSet<>();
        for (GeoCell c : cells) {
            slots.add(redis.clients.jedis.util.JedisClusterCRC16.getSlot(cache.namespace() + ":{g:" + c.id() + "}:pts"));
        }
        // Three masters own slot ranges 0-5460, 5461-10922, 10923-16383.
        Set<Integer> nodes = new HashSet<>();
        slots.forEach(s -> nodes.add(s <= 5460 ? 0 : s <= 10922 ? 1 : 2));
        assertThat(nodes).hasSize(3);
    }
}
