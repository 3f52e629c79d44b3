package dev.tanken.redis.internal;

import java.util.function.Supplier;
import redis.clients.jedis.UnifiedJedis;

/**
 * A Jedis client made on first use. A cluster client asks a node for the slot map when it is
 * created, so making it when the cache is opened would make opening fail while the cluster is
 * down; made here, inside a call that goes through {@link RedisHealth}, that failure is one more
 * unreachable call: the breaker counts it and the tier answers from the database. A client that
 * could not be made is tried again on the next call the breaker lets through.
 */
public final class LazyClient implements Supplier<UnifiedJedis>, AutoCloseable {
    private final Supplier<UnifiedJedis> factory;
    private volatile UnifiedJedis client;
    private boolean closed;

    public LazyClient(Supplier<UnifiedJedis> factory) {
        this.factory = factory;
    }

    /** An already made client (one server: Jedis connects only when a command needs it). */
    public static LazyClient of(UnifiedJedis client) {
        LazyClient lazy = new LazyClient(() -> client);
        lazy.client = client;
        return lazy;
    }

    /**
     * The client, made now if it was not yet.
     *
     * @throws redis.clients.jedis.exceptions.JedisException if it cannot be made (no node answers)
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public UnifiedJedis get() {
        UnifiedJedis made = client;
        return made != null ? made : make();
    }

    private synchronized UnifiedJedis make() {
        if (closed) {
            throw new IllegalStateException("Redis client closed");
        }
        if (client == null) {
            client = factory.get();
        }
        return client;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
