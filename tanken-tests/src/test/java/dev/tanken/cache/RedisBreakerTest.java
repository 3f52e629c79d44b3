package dev.tanken.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.redis.RedisPostCacheService;
import dev.tanken.testing.RedisServerProcess;
import java.util.Map;
import redis.clients.jedis.Jedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The circuit breaker in front of a Redis server: a process whose first call could not reach Redis
 * stops asking it at once, so a short-lived command against a stalled server pays one socket
 * timeout; a server that answers never opens it.
 */
@Tag("slow")
class RedisBreakerTest {
    /** The breaker stays open for the whole test once opened: no probe can blur what is counted. */
    private static final String BOUNDS = "&connectTimeoutMs=500&socketTimeoutMs=500&breakerOpenMs=600000";

    @Test
    void theFirstCallToAFrozenServerOpensTheBreaker() {
        try (RedisServerProcess redis = RedisServerProcess.start("breaker")) {
            redis.pause();
            try (RedisPostCacheService cache = RedisPostCacheService.open(redis.url() + BOUNDS)) {
                assertThat(cache.unreachable()).isFalse();
                assertThatThrownBy(cache::ping).isInstanceOf(CacheUnavailableException.class)
                        .hasMessageContaining("ping failed");
                assertThat(cache.unreachable()).as("open after one unreachable call").isTrue();
                assertThatThrownBy(() -> cache.exists("k")).isInstanceOf(CacheUnavailableException.class)
                        .hasMessageContaining("not attempted");
            } finally {
                redis.resume();
            }
        }
    }

    @Test
    void aServerThatAnswersKeepsItClosedEvenWhenItRefusesTheFirstCommand() {
        try (RedisServerProcess redis = RedisServerProcess.start("breaker-refused")) {
            String url = redis.url() + BOUNDS;
            try (RedisPostCacheService writer = RedisPostCacheService.open(url)) {
                writer.hashPut("h", Map.of("f", "v"), null);
            }
            try (RedisPostCacheService cache = RedisPostCacheService.open(url)) {
                // The first call of this process is answered with an error (WRONGTYPE): an answer, not
                // an outage, so even one refusal with nothing before it leaves the breaker closed.
                assertThatThrownBy(() -> cache.setAdd("h", "m")).isNotInstanceOf(CacheUnavailableException.class)
                        .hasMessageContaining("WRONGTYPE");
                assertThat(cache.unreachable()).isFalse();
                for (int i = 0; i < 20; i++) {
                    assertThat(cache.exists("missing-" + i)).isFalse();
                }
                assertThat(cache.unreachable()).isFalse();
                cache.deleteNamespace();
            }
        }
    }

    /**
     * Opening makes no connection at all (a stalled server would hold it for a socket timeout,
     * outside the breaker): the server counts every connection it accepts.
     */
    @Test
    void openingACacheConnectsToNothing() {
        try (RedisServerProcess redis = RedisServerProcess.start("breaker-open")) {
            long before = connectionsReceived(redis);
            RedisPostCacheService.open(redis.url() + BOUNDS).close();
            assertThat(connectionsReceived(redis)).as("connections, counting the one asking").isEqualTo(before + 1);
        }
    }

    private static long connectionsReceived(RedisServerProcess redis) {
        try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
            return jedis.info("stats").lines().filter(l -> l.startsWith("total_connections_received:"))
                    .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).strip())).findFirst()
                    .orElseThrow();
        }
    }
}
