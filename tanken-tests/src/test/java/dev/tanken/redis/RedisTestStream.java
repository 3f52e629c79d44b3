package dev.tanken.redis;

import java.util.UUID;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * A stream key of its own on the shared test Redis ({@value #URL_ENV}, default {@value
 * #DEFAULT_URL}), removed afterwards. Only this test's keys are touched: the server is shared.
 */
final class RedisTestStream implements AutoCloseable {
    static final String URL_ENV = "TANKEN_TEST_REDIS_URL";
    static final String DEFAULT_URL = "redis://127.0.0.1:6379";

    final String url;
    final String key;
    final RedisActivityStream stream;

    RedisTestStream() {
        String env = System.getenv(URL_ENV);
        url = env == null || env.isBlank() ? DEFAULT_URL : env.strip();
        key = "tanken-test:" + UUID.randomUUID() + ":activity";
        stream = RedisActivityStream.open(url, key);
    }

    /** A raw client, for what the tests do behind the stream's back. */
    UnifiedJedis raw() {
        return RedisClient.create(java.net.URI.create(url));
    }

    @Override
    public void close() {
        try (UnifiedJedis jedis = raw()) {
            jedis.del(key, stream.deadLetterKey());
        } finally {
            stream.close();
        }
    }
}
