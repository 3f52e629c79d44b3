package dev.tanken.server.internal.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Token buckets kept in Redis, so a caller's limit holds across every instance of the server. One
 * script per call takes a token atomically, with the Redis server's clock (instances' clocks may
 * differ). When Redis cannot be reached the call is let through: the cache being down must not
 * take the API down with it.
 */
public final class RedisTokenBuckets implements Predicate<String>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisTokenBuckets.class);
    private static final String SCRIPT = """
            local rate = tonumber(ARGV[1])
            local burst = tonumber(ARGV[2])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local b = redis.call('HMGET', KEYS[1], 't', 'u')
            local tokens = tonumber(b[1]) or burst
            local updated = tonumber(b[2]) or now
            tokens = math.min(burst, tokens + math.max(0, now - updated) * rate / 1000)
            local ok = 0
            if tokens >= 1 then
              tokens = tokens - 1
              ok = 1
            end
            redis.call('HSET', KEYS[1], 't', tostring(tokens), 'u', tostring(now))
            redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
            return ok
            """;

    private final UnifiedJedis redis;
    private final String prefix;
    private final List<String> args;
    private volatile long lastWarning;

    private RedisTokenBuckets(UnifiedJedis redis, String prefix, double perSecond, int burst) {
        this.redis = redis;
        this.prefix = prefix;
        this.args = List.of(Double.toString(perSecond), Integer.toString(burst));
    }

    /**
     * Opens the Redis a Tanken cache URL names ({@code redis://[user:password@]host:port[/db][?prefix=P]}
     * or {@code redis-cluster://[user:password@]host:port,...[?prefix=P]}); buckets live under the prefix.
     */
    public static RedisTokenBuckets open(String cacheUrl, double perSecond, int burst) {
        boolean cluster = cacheUrl.startsWith("redis-cluster://");
        if (!cluster && !cacheUrl.startsWith("redis://")) {
            throw new IllegalArgumentException("not a Redis URL: " + cacheUrl.replaceAll("//[^@/]*@", "//***@"));
        }
        String rest = cacheUrl.substring(cacheUrl.indexOf("//") + 2);
        String prefix = "tanken";
        int q = rest.indexOf('?');
        if (q >= 0) {
            for (String param : rest.substring(q + 1).split("&")) {
                if (param.startsWith("prefix=")) {
                    prefix = param.substring("prefix=".length());
                }
            }
            rest = rest.substring(0, q);
        }
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().timeoutMillis(2_000);
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                config.password(decode(userInfo));
            } else {
                if (colon > 0) {
                    config.user(decode(userInfo.substring(0, colon)));
                }
                config.password(decode(userInfo.substring(colon + 1)));
            }
            rest = rest.substring(at + 1);
        }
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String db = rest.substring(slash + 1);
            if (!db.isEmpty() && !cluster) {
                config.database(Integer.parseInt(db));
            }
            rest = rest.substring(0, slash);
        }
        Set<HostAndPort> nodes = new HashSet<>();
        for (String node : rest.split(",")) {
            nodes.add(HostAndPort.from(node.strip()));
        }
        JedisClientConfig client = config.build();
        HostAndPort first = nodes.iterator().next();
        UnifiedJedis redis = cluster ? RedisClusterClient.builder().nodes(nodes).clientConfig(client).build()
                : RedisClient.builder().hostAndPort(first.getHost(), first.getPort()).clientConfig(client).build();
        return new RedisTokenBuckets(redis, prefix, perSecond, burst);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public boolean test(String key) {
        try {
            Object taken = redis.eval(SCRIPT, List.of(prefix + ":ratelimit:{" + key + "}"), args);
            return !(taken instanceof Long n) || n == 1L;
        } catch (RuntimeException e) {
            long now = System.nanoTime();
            if (now - lastWarning > 60_000_000_000L) {
                lastWarning = now;
                LOG.warn("the shared rate limit cannot reach Redis, letting calls through: {}", e.getMessage());
            }
            return true;
        }
    }

    @Override
    public void close() {
        redis.close();
    }
}
